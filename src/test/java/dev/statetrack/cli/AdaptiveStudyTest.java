package dev.statetrack.cli;

import dev.statetrack.search.SearchResult;
import dev.statetrack.search.SearchStep;
import dev.statetrack.search.TrialOutcome;
import dev.statetrack.store.RunStore;
import dev.statetrack.store.StoredSearch;
import dev.statetrack.study.StudyLoader;
import dev.statetrack.study.StudyPlan;
import dev.statetrack.study.StudyResults;
import dev.statetrack.testing.StubTasks;
import dev.statetrack.testing.ThresholdExecutor;
import dev.statetrack.train.Ensemble;
import dev.statetrack.train.TrialExecutor;
import dev.statetrack.train.TrialResult;
import dev.statetrack.train.TrialSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adaptive searches of a stub study through the real command, with the known success probabilities of
 * {@link SuccessRateStudyTest}: each configuration (fresh seeds too) succeeds from its own threshold on, and
 * P(success at N) = 1/(1 + (θ/N)³), so N*₅₀ = θ.
 */
class AdaptiveStudyTest {

    private static final String YAML = """
            name: adaptive
            models:
              - {kind: lstm, hidden: 8}
            groups: [Z5]
            formats: [acot]
            distributions: [uniform]
            lengths: [4]
            training: {steps: 100, batch-size: 16, epsilon: 1e-3, eval-every: 10, learning-rates: [1e-2, 3e-2],
                       seeds: [1, 2]}
            search: {%s}
            analyses:
              kappa: {groups: [Z5], lengths: [3]}
            """;
    private static final String ADAPTIVE = "method: adaptive, divisor: 4, max-sample-sizes: 6, tolerance: 0.35, "
            + "max-trials: 24";
    private static final String BRACKET = "divisor: 4, max-sample-sizes: 6, tolerance: 0.35, success-rate: true";

    @TempDir
    Path dir;

    private int run(TrialExecutor executor, String search, Path out) throws Exception {
        Path study = Files.writeString(dir.resolve("adaptive.yaml"), YAML.formatted(search));
        CommandLine cli = new CommandLine(new StudyCommand(threads -> executor, new StubTasks(), Duration.ofMillis(20)));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(study.toString(), "--out", out.toString(), "--workers", "2");
    }

    private static List<String> path(Path out) {
        StudyPlan plan = StudyPlan.of(StudyLoader.load(out.resolve("study.yaml")), new StubTasks());
        try (RunStore store = RunStore.open(out.resolve("runs.sqlite"))) {
            StudyResults results = StudyResults.load(plan, store);
            return plan.searches().stream().map(s -> results.result(s).orElseThrow().trace().stream()
                    .map(step -> step.phase().id() + " N=" + step.trainSize() + " "
                            + step.trials().stream().filter(TrialOutcome::succeeded).count() + "/"
                            + step.trials().size()).toList().toString()).toList();
        }
    }

    @Test
    void adaptiveSearchesFindTheKnownMedianAndWriteIntervalsToTheReportAndCsv() throws Exception {
        Path out = dir.resolve("out");
        ThresholdExecutor executor = new ThresholdExecutor(SuccessRateStudyTest::threshold, 0);
        assertEquals(0, run(executor, ADAPTIVE, out));
        StudyPlan plan = StudyPlan.of(StudyLoader.load(out.resolve("study.yaml")), new StubTasks());
        try (RunStore store = RunStore.open(out.resolve("runs.sqlite"))) {
            StudyResults results = StudyResults.load(plan, store);
            for (StudyPlan.PlannedSearch s : plan.searches()) {
                SearchResult r = results.result(s).orElseThrow();
                int trials = r.trace().stream().mapToInt(step -> step.trials().size()).sum();
                assertTrue(trials <= 24, s.cell().label() + " within max-trials: " + trials);
                assertTrue(r.trace().stream().allMatch(step -> step.phase() == SearchStep.Phase.ADAPTIVE
                        && step.trials().size() <= 4), "rounds of at most the grid's 4 configurations");
                assertTrue(!r.bracketed(), "an adaptive result has no bracket");
            }
            StudyPlan.PlannedSearch grid = plan.gridSearches().get(0);
            double theta = SuccessRateStudyTest.median(grid.cell().configurations(plan.spec().training(), 1, 0).get(0));
            var median = results.successRates(grid).orElseThrow().median();
            assertTrue(median.contains(theta), "N*50 " + median + " should hold θ = " + theta);
            assertTrue(results.kappaInterval(plan.kappaTargets().get(0)).isPresent(), "every κ term is learnt");
        }
        assertTrue(executor.executions.values().stream().allMatch(n -> n.get() == 1), "a trial trained twice");

        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("Adaptive searches: the path"), "the path is in the report");
        assertTrue(report.contains("the adaptive search's posterior"));
        List<String> nstar = Files.readAllLines(out.resolve("nstar.csv"));
        List<String> header = List.of(nstar.get(0).split(","));
        int lower = header.indexOf("n_star_50_lower");
        int any = header.indexOf("n_star_any");
        assertTrue(lower > 0 && any > 0, nstar.get(0));
        for (String row : nstar.subList(1, nstar.size())) {
            String[] cells = row.split(",", -1);
            assertEquals("adaptive", cells[header.indexOf("search_method")]);
            assertEquals("credible", cells[header.indexOf("interval_kind")]);
            assertTrue(Double.parseDouble(cells[lower]) <= Double.parseDouble(cells[header.indexOf("n_star_50")]), row);
        }
        List<String> kappa = Files.readAllLines(out.resolve("kappa.csv"));
        assertTrue(kappa.get(0).endsWith("interval_kind,interval_estimate,interval_lower,interval_upper,"
                + "from_3_kind,from_3_value,from_3_lower,from_3_upper"), kappa.get(0));
        // the last eight fields hold no commas (the explanation before them may); the interval is the first four
        String[] kappaRow = kappa.get(1).split(",", -1);
        int last = kappaRow.length - 1 - 4;
        assertEquals("credible", kappaRow[last - 3], kappa.get(1));
        assertTrue(Double.parseDouble(kappaRow[last - 1]) <= Double.parseDouble(kappaRow[last - 2])
                && Double.parseDouble(kappaRow[last - 2]) <= Double.parseDouble(kappaRow[last]), kappa.get(1));
    }

    @Test
    void switchedFromBracketToAdaptiveItTrainsNothingTheStoreHasAndStartsFromIt() throws Exception {
        Path out = dir.resolve("out");
        ThresholdExecutor executor = new ThresholdExecutor(SuccessRateStudyTest::threshold, 0);
        assertEquals(0, run(executor, BRACKET, out));
        int bracketTrials = executor.totalExecutions();
        assertEquals(0, run(executor, ADAPTIVE, out));
        assertTrue(executor.executions.values().stream().allMatch(n -> n.get() == 1),
                "the adaptive run trained a trial the bracket run had stored");
        List<String> paths = path(out);
        for (String p : paths) {
            assertTrue(p.startsWith("[stored N="), "the stored trials come first: " + p);
        }
        assertTrue(executor.totalExecutions() >= bracketTrials);
    }

    @Test
    void aSearchThatDiesMidwayResumesOnTheSamePath() throws Exception {
        Path whole = dir.resolve("whole");
        assertEquals(0, run(new ThresholdExecutor(SuccessRateStudyTest::threshold, 0), ADAPTIVE, whole));

        Path resumed = dir.resolve("resumed");
        AtomicInteger left = new AtomicInteger(30);
        ThresholdExecutor inner = new ThresholdExecutor(SuccessRateStudyTest::threshold, 0);
        TrialExecutor dying = new TrialExecutor() {
            @Override
            public List<TrialResult> execute(Ensemble ensemble, BooleanSupplier cancelled) {
                if (left.addAndGet(-ensemble.members().size()) < 0) {
                    throw new IllegalStateException("the machine died");
                }
                return inner.execute(ensemble, cancelled);
            }

            @Override
            public TrialResult execute(TrialSpec spec, BooleanSupplier cancelled) {
                return inner.execute(spec, cancelled);
            }
        };
        assertNotEquals(0, run(dying, ADAPTIVE, resumed), "the first run dies");
        Set<TrialSpec> before = new HashSet<>(inner.executions.keySet());
        try (RunStore store = RunStore.open(resumed.resolve("runs.sqlite"))) {
            assertTrue(store.searches().stream().anyMatch(s -> !s.finished()), "it died mid-search");
            assertTrue(store.searches().stream().mapToInt(s -> s.trace().size()).sum() > 0, "after some rounds");
        }
        ThresholdExecutor second = new ThresholdExecutor(SuccessRateStudyTest::threshold, 0);
        assertEquals(0, run(second, ADAPTIVE, resumed));
        Set<TrialSpec> again = new HashSet<>(second.executions.keySet());
        again.retainAll(before);
        try (RunStore store = RunStore.open(resumed.resolve("runs.sqlite"))) {
            Set<String> storedBefore = new HashSet<>();
            for (TrialSpec spec : again) {
                storedBefore.add(spec.toString());
            }
            // a trial of the ensemble in flight when it died was not stored, and is trained again; none other
            assertTrue(again.size() <= 4, "trained again: " + storedBefore);
            assertTrue(store.searches().stream().allMatch(StoredSearch::finished));
        }
        assertEquals(path(whole), path(resumed), "the same path as an uninterrupted run");
    }
}
