package dev.statetrack.cli;

import dev.statetrack.store.RunStore;
import dev.statetrack.study.StudyLoader;
import dev.statetrack.study.StudyPlan;
import dev.statetrack.study.StudyResults;
import dev.statetrack.search.SearchResult;
import dev.statetrack.testing.StubStudy;
import dev.statetrack.testing.StubTasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudyCommandEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void aSmallStudyWithAStubExecutorProducesTheReport() throws Exception {
        Path study = StubStudy.writeStudy(dir);
        Path out = dir.resolve("out");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = StubStudy.run(study, out, 0, dir.resolve("executions.log"), new PrintWriter(stdout, true),
                new PrintWriter(stderr, true));
        assertEquals(0, code, stderr.toString());
        assertTrue(stdout.toString().contains("report: " + out.resolve("report.html").toAbsolutePath()), stdout.toString());
        assertTrue(stderr.toString().contains("ETA ~"), "progress with an ETA on stderr");

        StudyPlan plan = StudyPlan.of(StudyLoader.load(out.resolve("study.yaml")), new StubTasks());
        try (RunStore store = RunStore.open(out.resolve("runs.sqlite"))) {
            StudyResults results = StudyResults.load(plan, store);
            for (StudyPlan.PlannedSearch s : plan.searches()) {
                SearchResult r = results.result(s).orElseThrow();
                // lr 1e-2 is the configuration with the lower threshold
                long threshold = StubStudy.threshold(s.cell().configurations(plan.spec().training(), 1, 0).get(1));
                if (threshold > s.nMax()) {
                    assertFalse(r.learnable(), s.cell().label());
                } else {
                    assertTrue(r.nStar() >= threshold && (r.nStar() - r.largestFailing() <= 1
                            || r.nStar() <= 1.05 * r.largestFailing()) && r.largestFailing() < threshold,
                            s.cell().label() + " threshold " + threshold + ": " + r);
                }
            }
            assertEquals(plan.probes().size(), plan.probes().stream()
                    .filter(p -> results.generalisation(p).isPresent()).count());
        }

        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("data:image/png;base64,"), "charts are embedded");
        assertFalse(Pattern.compile("(src|href)=\"(https?:|//)").matcher(html).find(), "no external resources");
        assertTrue(html.contains("&gt; " + plan.gridSearches().stream()
                .filter(s -> s.cell().group().equals("S3") && s.cell().model().name().equals("transformer"))
                .findFirst().orElseThrow().nMax() + " (not learnable within budget)"));
        Matcher links = Pattern.compile("href=\"#([^\"]+)\"").matcher(html);
        int linkCount = 0;
        while (links.find()) {
            linkCount++;
            assertTrue(html.contains("id=\"" + links.group(1) + "\""), "dangling link #" + links.group(1));
        }
        assertTrue(linkCount >= plan.gridSearches().size(), "every N* links to its trials");
        for (String file : List.of("report.md", "nstar.csv", "kappa.csv", "length_generalisation.csv", "trials.csv")) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        List<String> nstar = Files.readAllLines(out.resolve("nstar.csv"));
        assertEquals(plan.searches().size() + 1, nstar.size());
        assertTrue(nstar.stream().anyMatch(l -> l.contains(",not-learnable-within-budget,,")));

        Files.delete(out.resolve("report.html"));
        StringWriter reportOut = new StringWriter();
        CommandLine report = new CommandLine(new ReportCommand(new StubTasks()));
        report.setOut(new PrintWriter(reportOut, true));
        assertEquals(0, report.execute(out.toString()));
        assertTrue(Files.readString(out.resolve("report.html")).contains("Sharing factor"));
    }

    @Test
    void twoRunsOfOneStudyOnOneStoreAtOnceTrainEachTrialOnce() throws Exception {
        Path study = StubStudy.writeStudy(dir);
        Path out = dir.resolve("shared");
        List<Path> logs = List.of(dir.resolve("a.log"), dir.resolve("b.log"));
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Integer>> runs = new java.util.ArrayList<>();
            for (Path log : logs) {
                runs.add(two.submit(() -> StubStudy.run(study, out, 0, log, new PrintWriter(new StringWriter()),
                        new PrintWriter(new StringWriter()))));
            }
            for (var run : runs) {
                assertEquals(0, run.get());
            }
        } finally {
            two.shutdownNow();
        }
        List<String> executed = new java.util.ArrayList<>();
        for (Path log : logs) {
            if (Files.exists(log)) {
                executed.addAll(Files.readAllLines(log));
            }
        }
        // A zero-delay stub never sees a cancellation, so every execution became a stored outcome.
        assertEquals(executed.size(), new java.util.HashSet<>(executed).size(), "a trial trained twice");
        try (RunStore store = RunStore.open(out.resolve("runs.sqlite"))) {
            assertEquals(executed.size(), store.trials().size());
        }
    }

    @Test
    void userMistakesAreOneLineErrors() {
        CommandLine study = new CommandLine(new StudyCommand(t -> null, new StubTasks(), java.time.Duration.ofMillis(10)));
        StringWriter err = new StringWriter();
        study.setErr(new PrintWriter(err, true));
        assertEquals(2, study.execute("--preset", "quick", dir.resolve("x.yaml").toString()));
        assertTrue(err.toString().contains("give either a study FILE or --preset NAME"), err.toString());
        ReportCommand report = new ReportCommand(new StubTasks());
        report.dir = dir;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, report::call);
        assertTrue(e.getMessage().contains("is not a study folder"), e.getMessage());
    }

    @Test
    void dryRunListsTheSearchesTheTrialBoundAndTheCost() {
        CommandLine study = new CommandLine(new StudyCommand(t -> null, new StubTasks(), java.time.Duration.ofMillis(10),
                threads -> (model, vocabulary, length, batch, ensemble) -> 0.001));
        StringWriter out = new StringWriter();
        study.setOut(new PrintWriter(out, true));
        assertEquals(0, study.execute("--preset", "quick", "--dry-run", "--out", dir.resolve("q").toString()));
        // κ always needs the fixed-length search at n = 2, which no grid cell of the preset has.
        assertTrue(out.toString().matches("(?s).*search  transformer \\S+ outcome fixed L=2 .*"), out.toString());
        assertTrue(out.toString().matches("(?s).*\\d+ searches .* at most \\d+ trials.*"), out.toString());
        assertTrue(out.toString().matches("(?s).*Estimated cost: at most [\\d,]+ trials, [\\d,]+ optimisation steps, "
                + "[\\d.]+ core-hours.*Realistic.*How: .*"), out.toString());
        assertFalse(Files.exists(dir.resolve("q")), "a dry run writes nothing");
    }
}
