package dev.statetrack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.statetrack.search.SearchResult;
import dev.statetrack.store.RunStore;
import dev.statetrack.store.StoredTrial;
import dev.statetrack.study.StudyLoader;
import dev.statetrack.study.StudyPlan;
import dev.statetrack.study.StudyResults;
import dev.statetrack.study.TaskSpace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CI-sized study with real training, from the command line to the report, then rerun from the store,
 * then trained again from scratch into another folder.
 */
class RealStudyEndToEndTest {

    @TempDir
    Path dir;

    private static final String STUDY = """
            name: ci
            models:
              - {kind: lstm, hidden: 16}
              - {kind: dense-ssm, state: 8}
            groups: [Z3]
            formats: [acot]
            distributions: [uniform]
            lengths: [3]
            training: {steps: 300, batch-size: 64, epsilon: 2.0e-2, eval-every: 50,
                       learning-rates: [1.0e-2], seeds: [10, 20]}
            search: {divisor: 4, max-sample-sizes: 4, tolerance: 0.25}
            analyses:
              nstar: true
              kappa: true
              length-generalisation: true
            """;

    @Test
    void trainsSearchesAndReportsThenResumesWithoutRetraining() throws Exception {
        Path file = dir.resolve("ci.yaml");
        Files.writeString(file, STUDY);
        Path out = dir.resolve("out");
        CliErrorsTest.Run first = CliErrorsTest.run("study", file.toString(), "--out", out.toString(), "--workers", "2");
        assertEquals(0, first.exitCode(), first.err());
        for (String f : List.of("report.html", "report.md", "nstar.csv", "kappa.csv", "length_generalisation.csv")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }

        StudyPlan plan = StudyPlan.of(StudyLoader.load(out.resolve("study.yaml")), TaskSpace.catalog());
        List<StoredTrial> trained;
        try (RunStore store = RunStore.open(out.resolve("runs.sqlite"))) {
            trained = store.trials();
            StudyResults results = StudyResults.load(plan, store);
            int learnt = 0;
            for (StudyPlan.PlannedSearch s : plan.searches()) {
                SearchResult r = results.result(s).orElseThrow();
                if (r.learnable()) {
                    learnt++;
                    assertTrue(r.nStar() >= 1 && r.nStar() <= s.nMax(), r.toString());
                }
            }
            assertTrue(learnt > 0, "a recurrent model learns Z3 with acot supervision at L = 3");
            assertEquals(plan.probes().size(),
                    plan.probes().stream().filter(p -> results.generalisation(p).isPresent()).count());
        }
        assertTrue(trained.stream().allMatch(t -> t.result().steps() > 0 && t.result().wallMillis() > 0));
        assertTrue(trained.stream().anyMatch(t -> t.result().success()));
        // every trained trial has its curve, ending where it stopped, and curves.csv holds exactly those points
        assertTrue(trained.stream().allMatch(t -> !t.result().curve().isEmpty()
                && t.result().curve().get(t.result().curve().size() - 1).step() == t.result().steps()));
        List<String> curveRows = Files.readAllLines(out.resolve("curves.csv"));
        assertEquals(1 + trained.stream().mapToInt(t -> t.result().curve().size()).sum(), curveRows.size());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("Learning curves: ") && md.contains("charts/curves-"), "the searches show their curves");

        String nStarTable = Files.readString(out.resolve("nstar.csv"));
        CliErrorsTest.Run again = CliErrorsTest.run("study", file.toString(), "--out", out.toString(), "--workers", "2");
        assertEquals(0, again.exitCode(), again.err());
        try (RunStore store = RunStore.open(out.resolve("runs.sqlite"))) {
            assertEquals(trained.size(), store.trials().size(), "the rerun trains nothing new");
        }
        assertEquals(nStarTable, Files.readString(out.resolve("nstar.csv")), "the same results from the store");

        Path fresh = dir.resolve("fresh");
        CliErrorsTest.Run twice = CliErrorsTest.run("study", file.toString(), "--out", fresh.toString(), "--workers", "2");
        assertEquals(0, twice.exitCode(), twice.err());
        assertEquals(nStarTable, Files.readString(fresh.resolve("nstar.csv")), "the same study trained again from scratch");
    }
}
