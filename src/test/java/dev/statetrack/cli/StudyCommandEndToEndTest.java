package dev.statetrack.cli;

import dev.statetrack.store.RunStore;
import dev.statetrack.train.TrainingMachine;
import dev.statetrack.analysis.BudgetCheck;
import dev.statetrack.study.StudyLoader;
import dev.statetrack.study.StudyPlan;
import dev.statetrack.study.StudyResults;
import dev.statetrack.search.SearchResult;
import dev.statetrack.testing.StubStudy;
import dev.statetrack.testing.StubTasks;
import dev.statetrack.testing.ThresholdExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
        List<String> trialRows = Files.readAllLines(out.resolve("trials.csv"));
        assertTrue(trialRows.get(0).endsWith(",finished_at,trained_on"), trialRows.get(0));
        String machine = TrainingMachine.local();
        assertTrue(trialRows.stream().skip(1).allMatch(r -> r.endsWith("," + machine) || r.endsWith(",\"" + machine + "\"")),
                "every trial names the machine that trained it: " + trialRows.get(1));
        List<String> nstar = Files.readAllLines(out.resolve("nstar.csv"));
        assertEquals(plan.searches().size() + 1, nstar.size());
        assertTrue(nstar.stream().anyMatch(l -> l.contains(",not-learnable-within-budget,,")));
        List<String> kappa = Files.readAllLines(out.resolve("kappa.csv"));
        assertTrue(kappa.get(0).startsWith("model,format,group,max_length,kind,value,lower,upper,explanation,n_star_fixed_2,"
                + "n_star_fixed_3,n_star_fixed_4,n_star_joint,"), kappa.get(0));
        // The transformer needs 3·k·n = 9n sequences (lr 1e-2): more than N_max = 8 and 22 at n = 2 and 3.
        assertTrue(kappa.stream().anyMatch(l -> l.startsWith("transformer,outcome,Z3,4,lower_bound,")
                        && l.contains(",>8,>22,36,36,")),
                String.join("\n", kappa));
        assertTrue(kappa.get(0).endsWith(",from_3_kind,from_3_value,from_3_lower,from_3_upper"), kappa.get(0));
        // over 3..L the unlearnt n = 3 term still leaves only a lower bound, open above
        assertTrue(kappa.stream().anyMatch(l -> l.startsWith("transformer,outcome,Z3,4,lower_bound,")
                && l.matches(".*,lower_bound,[0-9.E]+,[0-9.E]+,inf")), String.join("\n", kappa));
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| model | format | group | L | κ | κ range | κ over 3..L | N*_2 | N*_3 | N*_4 | N*_joint "
                + "| why |"), md);
        assertTrue(md.contains("κ over 3..L (the variant without the multiplication-table term"), md);

        Files.delete(out.resolve("report.html"));
        StringWriter reportOut = new StringWriter();
        CommandLine report = new CommandLine(new ReportCommand(new StubTasks()));
        report.setOut(new PrintWriter(reportOut, true));
        assertEquals(0, report.execute(out.toString()));
        assertTrue(Files.readString(out.resolve("report.html")).contains("Sharing factor"));
        try (var files = Files.walk(out)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".part")).toList(),
                    "atomic writes leave no temporary files");
        }

        StringWriter again = new StringWriter();
        assertEquals(0, StubStudy.run(study, out, 0, dir.resolve("again.log"), new PrintWriter(again, true),
                new PrintWriter(new StringWriter(), true)));
        long stored;
        try (RunStore store = RunStore.open(out.resolve("runs.sqlite"))) {
            stored = store.trialCount();
        }
        Matcher summary = Pattern.compile("Trials: 0 trained in this run, \\d+ reused by open searches and probes, (\\d+) in "
                + "searches finished before this run, 0 cancelled; (\\d+) stored in all\\.").matcher(again.toString());
        assertTrue(summary.find(), again.toString());
        assertTrue(Long.parseLong(summary.group(1)) > 0, "the finished searches' trials are counted as reused");
        assertEquals(stored, Long.parseLong(summary.group(2)));
    }

    @Test
    void theBudgetCheckMarksCellsWhoseNStarFallsWithTwiceTheSteps() throws Exception {
        Path study = Files.writeString(dir.resolve("budget.yaml"), StubStudy.YAML.replace("name: e2e", "name: budget")
                .replace("analyses:\n", "analyses:\n  budget-check: true\n"));
        // The LSTM needs half the data with twice the steps; the transformer's threshold ignores the budget.
        ThresholdExecutor stub = new ThresholdExecutor(spec -> spec.model().kind().equals("lstm")
                && spec.steps() > 40 ? StubStudy.threshold(spec) / 2 : StubStudy.threshold(spec), 0);
        CommandLine cli = new CommandLine(new StudyCommand(threads -> stub, new StubTasks(), java.time.Duration.ofMillis(50)));
        StringWriter stderr = new StringWriter();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(stderr, true));
        Path out = dir.resolve("budget");
        assertEquals(0, cli.execute(study.toString(), "--out", out.toString(), "--workers", "2"), stderr.toString());

        StudyPlan plan = StudyPlan.of(StudyLoader.load(out.resolve("study.yaml")), new StubTasks());
        List<String> nstar = Files.readAllLines(out.resolve("nstar.csv"));
        List<String> header = List.of(nstar.get(0).split(","));
        int status = header.indexOf("status");
        int check = header.indexOf("budget_check");
        int model = header.indexOf("model");
        int limited = 0;
        for (String line : nstar.subList(1, nstar.size())) {
            String[] row = line.split(",");
            String expected = !row[status].equals("learnt") ? "not-checked"
                    : row[model].equals("lstm") ? "budget-limited" : "stable";
            assertEquals(expected, row[check], line);
            limited += expected.equals("budget-limited") ? 1 : 0;
        }
        assertTrue(limited > 0);
        try (RunStore store = RunStore.open(out.resolve("runs.sqlite"))) {
            StudyResults results = StudyResults.load(plan, store);
            for (StudyPlan.PlannedSearch s : plan.searches()) {
                SearchResult original = results.result(s).orElseThrow();
                long probe = BudgetCheck.probeSize(original, plan.spec().search().divisor());
                Optional<SearchResult> checked = results.result(plan.budgetCheck(s).orElseThrow());
                assertEquals(probe >= 1, checked.isPresent(),
                        "a check runs exactly where the search found a finite N* above 1: " + s.cell().label());
                checked.ifPresent(c -> assertEquals(probe, c.trace().get(0).trainSize(),
                        "the check starts at the bracket's lower end"));
            }
        }
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("⚠ budget-limited"), "the N* table marks the cells");
        assertTrue(md.contains("budget-limited " + limited + " (N* fell"), "the summary counts them");
    }

    @Test
    void twoRunsOfOneStudyOnOneStoreAtOnceTrainEachTrialOnce() throws Exception {
        Path study = StubStudy.writeStudy(dir);
        Path out = dir.resolve("shared");
        List<Path> logs = List.of(dir.resolve("a.log"), dir.resolve("b.log"));
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Integer>> runs = new java.util.ArrayList<>();
            List<StringWriter> errors = List.of(new StringWriter(), new StringWriter());
            for (int i = 0; i < logs.size(); i++) {
                Path log = logs.get(i);
                PrintWriter err = new PrintWriter(errors.get(i));
                runs.add(two.submit(() -> StubStudy.run(study, out, 0, log, new PrintWriter(new StringWriter()), err)));
            }
            for (int i = 0; i < runs.size(); i++) {
                assertEquals(0, runs.get(i).get(), errors.get(i).toString());
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
        // the fake's 1 ms is one ensemble step of the preset's 4 configurations: 0.25 ms per member
        assertTrue(out.toString().contains("  step    lstm (1 layer, hidden 48, embedding 48), 4 tokens, vocabulary 8, "
                + "batch 64, ensembles of 4: 0.25 ms per member"), out.toString());
        assertTrue(out.toString().matches("(?s).*Estimated cost: at most [\\d,]+ trials, [\\d,]+ optimisation steps, "
                + "[\\d.]+ core-hours.*Realistic.*How: .*"), out.toString());
        assertFalse(Files.exists(dir.resolve("q")), "a dry run writes nothing");
    }

    /**
     * A study too large for this machine (one model's trials beyond --max-memory) still gets its plan,
     * memory and cost from a dry run, which exits 0 and then lists the trials that do not fit and what
     * they need; the model that fits is not listed.
     */
    @Test
    void dryRunOfAStudyTooLargeForTheMachineEstimatesAndListsWhatDoesNotFit() throws Exception {
        Path file = Files.writeString(dir.resolve("large.yaml"), ErrorCorpusTest.STUDY.replace(
                "  - {kind: lstm, hidden: 8}", "  - {name: small, kind: lstm, hidden: 8}\n  - {name: big, kind: lstm, hidden: 4096}"));
        CommandLine study = new CommandLine(new StudyCommand(t -> null, dev.statetrack.study.TaskSpace.catalog(),
                java.time.Duration.ofMillis(10), threads -> (model, vocabulary, length, batch, ensemble) -> 0.001));
        StringWriter out = new StringWriter();
        study.setOut(new PrintWriter(out, true));
        assertEquals(0, study.execute(file.toString(), "--dry-run", "--max-memory", "64M", "--workers", "1",
                "--out", dir.resolve("large").toString()));
        String text = out.toString();
        assertTrue(text.matches("(?s).*Estimated cost: at most [\\d,]+ trials.*"), text);
        Matcher misfits = Pattern.compile("(\\d+) of (\\d+) searches and probes do not fit here").matcher(text);
        assertTrue(misfits.find(), text);
        int listed = Integer.parseInt(misfits.group(1));
        assertTrue(listed >= 1 && listed < Integer.parseInt(misfits.group(2)), text);
        List<String> lines = text.lines().filter(l -> l.contains("of native memory")).toList();
        assertEquals(listed, lines.size(), text);
        for (String line : lines) {
            assertTrue(line.startsWith("  search big ") && line.contains("more than the 64.0 MiB --max-memory")
                    && line.contains("Java heap"), line);
        }
        assertTrue(text.indexOf("Estimated cost") < text.indexOf("do not fit here"), "the estimate comes first");
        // the big model is never built here: its step time comes from the small one's rate per FLOP
        assertTrue(text.matches("(?s).*step    lstm \\(1 layer, hidden 4096[^\n]*\\(extrapolated from FLOPs\\).*"), text);
        assertFalse(text.matches("(?s).*step    lstm \\(1 layer, hidden 8,[^\n]*extrapolated.*"), text);
        assertFalse(Files.exists(dir.resolve("large")), "a dry run writes nothing");
    }
}
