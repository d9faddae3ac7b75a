package dev.statetrack.cli;

import dev.statetrack.analysis.IntervalEstimate;
import dev.statetrack.analysis.SuccessCount;
import dev.statetrack.analysis.SuccessRates;
import dev.statetrack.search.SearchResult;
import dev.statetrack.search.TrialOutcome;
import dev.statetrack.store.RunStore;
import dev.statetrack.study.StudyLoader;
import dev.statetrack.study.StudyPlan;
import dev.statetrack.study.StudyResults;
import dev.statetrack.testing.StubTasks;
import dev.statetrack.testing.ThresholdExecutor;
import dev.statetrack.train.TrialSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stub study with known success probabilities, through the real command. Each configuration has its
 * own threshold T = θ·(u/(1−u))^(1/3), u uniform from its seed, and succeeds exactly when N ≥ T: a
 * configuration lucky at one N is lucky at every N, and P(success at N) = 1/(1 + (θ/N)³), logistic in
 * log N with N*₅₀ = θ. θ = k^L / 8 for the cell.
 */
class SuccessRateStudyTest {

    private static final String YAML = """
            name: rates
            models:
              - {kind: lstm, hidden: 8}
            groups: [Z5]
            formats: [acot]
            distributions: [uniform]
            lengths: [4]
            training: {steps: 100, batch-size: 16, epsilon: 1e-3, eval-every: 10, learning-rates: [1e-2],
                       seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]}
            search: {divisor: 4, max-sample-sizes: 10, tolerance: 0.1%s}
            analyses:
              kappa: {groups: [Z5], lengths: [3]}
            """;

    @TempDir
    Path dir;

    static double median(TrialSpec spec) {
        return Math.pow(new StubTasks().groupOrder(spec.group()), spec.maxLength()) / 8;
    }

    static long threshold(TrialSpec spec) {
        double u = new SplittableRandom(spec.seed() * 7919).nextDouble();
        return (long) Math.ceil(median(spec) * Math.pow(u / (1 - u), 1 / 3.0));
    }

    private int run(ThresholdExecutor executor, boolean successRate, Path out) throws Exception {
        Path study = Files.writeString(dir.resolve("rates.yaml"),
                YAML.formatted(successRate ? ", success-rate: true" : ""));
        CommandLine cli = new CommandLine(new StudyCommand(threads -> executor, new StubTasks(), Duration.ofMillis(20)));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(study.toString(), "--out", out.toString(), "--workers", "2");
        assertEquals(0, code, err.toString());
        return code;
    }

    @Test
    void everyConfigurationRunsAndTheCountsTheFitAndTheReportFollowTheKnownProbabilities() throws Exception {
        Path out = dir.resolve("out");
        ThresholdExecutor executor = new ThresholdExecutor(SuccessRateStudyTest::threshold, 0);
        run(executor, true, out);

        StudyPlan plan = StudyPlan.of(StudyLoader.load(out.resolve("study.yaml")), new StubTasks());
        try (RunStore store = RunStore.open(out.resolve("runs.sqlite"))) {
            StudyResults results = StudyResults.load(plan, store);
            for (StudyPlan.PlannedSearch s : plan.searches()) {
                SearchResult result = results.result(s).orElseThrow();
                assertTrue(result.trace().stream().flatMap(step -> step.trials().stream())
                        .noneMatch(t -> t.status() == TrialOutcome.Status.CANCELLED), s.cell().label());
                SuccessRates rates = results.successRates(s).orElseThrow();
                List<TrialSpec> configurations = s.cell().configurations(plan.spec().training(), 1, 0);
                for (SuccessCount c : rates.counts()) {
                    long expected = configurations.stream().filter(spec -> threshold(spec) <= c.trainSize()).count();
                    assertEquals(12, c.trials(), s.cell().label() + " N=" + c.trainSize());
                    assertEquals(expected, c.successes(), s.cell().label() + " N=" + c.trainSize());
                }
                if (rates.fit().isPresent()) {
                    IntervalEstimate median = rates.median();
                    assertTrue(median.lower() <= median.estimate() && median.estimate() <= median.upper(),
                            median.toString());
                    // N*_any sits below N*_50: some of 12 succeeds long before half of them do.
                    assertTrue(rates.anyOfGrid().estimate() < median.estimate(), s.cell().label());
                }
            }
            StudyPlan.PlannedSearch grid = plan.gridSearches().get(0);
            SuccessRates rates = results.successRates(grid).orElseThrow();
            double theta = median(grid.cell().configurations(plan.spec().training(), 1, 0).get(0));
            assertTrue(rates.median().contains(theta), "N*50 " + rates.median() + " should hold θ = " + theta);
            assertEquals(rates.median(), StudyResults.load(plan, store).successRates(grid).orElseThrow().median(),
                    "a seeded bootstrap gives the same interval every time");
            assertTrue(results.kappaInterval(plan.kappaTargets().get(0)).isPresent(), "every κ term is finite");
        }
        assertTrue(executor.executions.values().stream().allMatch(n -> n.get() == 1), "a trial trained twice");

        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("How sure is N*"), "the success-rate section is in the report");
        assertTrue(report.contains("κ from N*_any [95%]"));
        assertTrue(report.matches("(?s).*\\| \\d+ \\| \\d+/12 \\|.*"), "success counts k/12 per N");
        assertTrue(Files.list(out.resolve("charts")).anyMatch(p -> p.getFileName().toString()
                .startsWith("success-rate-lstm-Z5-acot-uniform-L-4")), "one success-rate chart per grid cell");
    }

    @Test
    void aSearchFinishedWithoutSuccessRatesIsCompletedWithoutRetrainingAndKeepsItsNStar() throws Exception {
        Path out = dir.resolve("out");
        ThresholdExecutor executor = new ThresholdExecutor(SuccessRateStudyTest::threshold, 0);
        run(executor, false, out);
        StudyPlan plain = StudyPlan.of(StudyLoader.load(out.resolve("study.yaml")), new StubTasks());
        Map<String, SearchResult> before = new HashMap<>();
        int trainedFirst = executor.totalExecutions();
        long cancelledFirst;
        try (RunStore store = RunStore.open(out.resolve("runs.sqlite"))) {
            StudyResults results = StudyResults.load(plain, store);
            for (StudyPlan.PlannedSearch s : plain.searches()) {
                before.put(s.searchId(), results.result(s).orElseThrow());
            }
            cancelledFirst = before.values().stream().flatMap(r -> r.trace().stream())
                    .flatMap(step -> step.trials().stream())
                    .filter(t -> t.status() == TrialOutcome.Status.CANCELLED).count();
            assertTrue(results.successRates(plain.searches().get(0)).isEmpty(), "no success rates unless asked");
        }

        run(executor, true, out);
        StudyPlan withRates = StudyPlan.of(StudyLoader.load(out.resolve("study.yaml")), new StubTasks());
        try (RunStore store = RunStore.open(out.resolve("runs.sqlite"))) {
            StudyResults results = StudyResults.load(withRates, store);
            for (StudyPlan.PlannedSearch s : withRates.searches()) {
                SearchResult old = before.get(s.searchId());
                SearchResult now = results.result(s).orElseThrow();
                assertEquals(old.nStar(), now.nStar(), "same identity, same N*: " + s.cell().label());
                assertEquals(old.trace().stream().map(step -> step.trainSize()).toList(),
                        now.trace().stream().map(step -> step.trainSize()).toList());
                long stored = now.trace().stream().mapToLong(step -> step.trials().size()).sum();
                assertEquals(12L * now.trace().size(), stored);
                assertTrue(results.successRates(s).orElseThrow().counts().stream().allMatch(c -> c.trials() == 12));
            }
        }
        assertTrue(executor.executions.values().stream().allMatch(n -> n.get() == 1), "a trial trained twice");
        assertEquals(cancelledFirst, executor.totalExecutions() - trainedFirst,
                "the second run trains exactly the siblings the first had cancelled");
    }
}
