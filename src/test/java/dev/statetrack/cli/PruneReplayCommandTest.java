package dev.statetrack.cli;

import dev.statetrack.store.CanonicalHash;
import dev.statetrack.store.RunStore;
import dev.statetrack.store.StoredTrial;
import dev.statetrack.study.PruneReplay;
import dev.statetrack.train.PruneRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A rule replayed on an unpruned study's curves stops each trial where the same study run with it does. */
class PruneReplayCommandTest {

    static final String STUDY = """
            name: replay
            models:
              - {kind: lstm, hidden: 8}
            groups: [Z3]
            formats: [acot]
            distributions: [uniform]
            lengths: [8]
            training:
              steps: 600
              batch-size: 16
              epsilon: 1.0e-1
              eval-every: 20
              learning-rates: [3.0e-3, 1.0e-2]
              seeds: [1]
            """;
    static final String RULE = "patience=100,min-delta=0.05";

    @TempDir
    Path dir;

    @Test
    void replayOnAStoredFolderGivesTheLiveRunsStopSteps() throws Exception {
        Path plainFile = Files.writeString(dir.resolve("plain.yaml"), STUDY);
        Path prunedFile = Files.writeString(dir.resolve("pruned.yaml"), STUDY.replace("  seeds: [1]",
                "  seeds: [1]\n  prune: {patience: 100, min-delta: 0.05}"));
        Path plain = dir.resolve("plain");
        Path pruned = dir.resolve("pruned");
        assertEquals(0, CliErrorsTest.run("study", plainFile.toString(), "--out", plain.toString()).exitCode());
        assertEquals(0, CliErrorsTest.run("study", prunedFile.toString(), "--out", pruned.toString()).exitCode());

        PruneReplay replay;
        try (RunStore store = RunStore.open(plain.resolve("runs.sqlite"))) {
            replay = PruneReplay.of(store.trials(), store.searches(), PruneRule.parse(RULE));
        }
        List<StoredTrial> live;
        try (RunStore store = RunStore.open(pruned.resolve("runs.sqlite"))) {
            live = store.trials();
        }
        int compared = 0;
        for (StoredTrial t : live) {
            String twin = CanonicalHash.trial(t.spec().withPrune(null));
            if (PruneRule.isPruned(t.result().failureReason())) {
                assertEquals(replay.stopSteps().get(twin), t.result().steps(), t.result().failureReason());
                compared++;
            } else if (replay.stopSteps().containsKey(twin)) {
                throw new AssertionError("the replay stops " + twin + " but the live run did not: " + t.result());
            }
        }
        assertTrue(compared > 0, "the rule pruned something live");
        assertTrue(Files.readString(pruned.resolve("report.md")).contains("Pruning is on"), "the report says so");

        CliErrorsTest.Run printed = CliErrorsTest.run("prune-replay", plain.toString(), "--rule", RULE);
        assertEquals(0, printed.exitCode(), printed.err());
        assertTrue(printed.out().contains("stopped: " + replay.stoppedFailures() + " of " + replay.failures()
                + " failures"), printed.out());
        CliErrorsTest.Run bad = CliErrorsTest.run("prune-replay", plain.toString(), "--rule", "patience=ten");
        assertEquals(2, bad.exitCode());
        assertEquals("statetrack: prune rule 'patience=ten': patience must be a number, got 'ten'", bad.err().strip());
    }
}
