package dev.statetrack.study;

import dev.statetrack.search.SearchStep;
import dev.statetrack.search.TrialOutcome;
import dev.statetrack.store.CanonicalHash;
import dev.statetrack.store.RunStore;
import dev.statetrack.task.LengthDistribution;
import dev.statetrack.testing.StubStudy;
import dev.statetrack.testing.StubTasks;
import dev.statetrack.testing.ThresholdExecutor;
import dev.statetrack.train.TrialSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A length-generalisation probe is its cell's search's trials at N_max, not a retraining of them. */
class ProbeReuseTest {

    @TempDir
    Path dir;

    @Test
    void theProbeTrainsOnlyWhatItsCellsSearchCancelledAtNMax() {
        StudyPlan plan = StudyPlan.of(StudyLoader.parse(StubStudy.YAML, "e2e.yaml"), new StubTasks());
        ThresholdExecutor executor = new ThresholdExecutor(StubStudy::threshold, 0);
        try (RunStore store = RunStore.open(dir.resolve("runs.sqlite"))) {
            new StudyRunner(plan, store, executor, 1, 1, 16, Duration.ofMillis(10),
                    new Progress(new PrintWriter(Writer.nullWriter()), 1, plan)).run();
            StudyResults results = StudyResults.load(plan, store);
            assertEquals(4, plan.probes().size(), "the stub study probes Z3 L=3 for both models and formats");
            for (StudyPlan.GeneralisationProbe probe : plan.probes()) {
                StudyPlan.PlannedSearch search = plan.gridSearches().stream()
                        .filter(s -> s.cell().equals(new Cell(probe.model(), probe.group(), probe.format(),
                                LengthDistribution.UNIFORM, probe.maxLength())))
                        .findFirst().orElseThrow();
                SearchStep atNMax = results.search(search).orElseThrow().trace().get(0);
                assertEquals(probe.trainSize(), atNMax.trainSize());
                Map<String, TrialOutcome.Status> bySearch = atNMax.trials().stream()
                        .collect(Collectors.toMap(TrialOutcome::hash, TrialOutcome::status));
                List<TrialSpec> configurations = probe.configurations();
                int trainedBySearch = 0;
                for (TrialSpec c : configurations) {
                    // the search's trial at N_max is the probe's trial itself, hash for hash
                    assertTrue(bySearch.containsKey(CanonicalHash.trial(c)), c.toString());
                    assertEquals(1, executor.executions.get(c).get(), "trained once in all: " + c);
                    trainedBySearch += bySearch.get(CanonicalHash.trial(c)) == TrialOutcome.Status.TRAINED ? 1 : 0;
                    assertEquals(2 * probe.maxLength(), c.probeMaxLength());
                    TrialSpec withoutProbe = new TrialSpec(c.group(), c.format(), c.distribution(), c.maxLength(),
                            c.trainSize(), c.model(), c.learningRate(), c.seed(), c.steps(), c.batchSize(),
                            c.epsilon(), c.evalEvery(), 0);
                    assertFalse(executor.executions.containsKey(withoutProbe), "no twin without the probe: " + c);
                }
                assertTrue(trainedBySearch > 0, "the search trained some of the probe's trials");
                assertTrue(results.generalisation(probe).isPresent());
            }
        }
    }
}
