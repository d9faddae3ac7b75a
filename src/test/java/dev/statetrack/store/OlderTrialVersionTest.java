package dev.statetrack.store;

import dev.statetrack.train.TrialResult;
import dev.statetrack.train.TrialSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A store written under trial text version 2 still opens; its trials are kept but never reused. */
class OlderTrialVersionTest {

    @TempDir
    Path dir;

    @Test
    void trialsOfVersionTwoStayStoredAndAreNotReused() throws Exception {
        TrialSpec spec = CanonicalHashTest.SPEC;
        Path file = dir.resolve("runs.sqlite");
        try (RunStore store = RunStore.open(file)) {
            store.record(spec, new TrialResult(true, 7000, 3e-5, 0.99, 1500, 4242, null, Map.of()),
                    Provenance.of(1, 1, 0, Instant.EPOCH, Instant.EPOCH.plusSeconds(1)));
        }
        // what version 2 wrote for this specification: its text and the hash pinned before version 3
        String version2Text = CanonicalHash.trialText(spec).replace("statetrack-trial/3\n", "statetrack-trial/2\n");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement p = db.prepareStatement("UPDATE trials SET hash = ?, spec_text = ?")) {
            p.setString(1, "83049419be2760de5b0056e20122eab42adb4cbe4e578ba932731352b3a41756");
            p.setString(2, version2Text);
            assertEquals(1, p.executeUpdate());
        }
        try (RunStore store = RunStore.open(file, Duration.ofSeconds(60))) {
            assertEquals(1, store.trials().size(), "kept");
            assertTrue(store.find(CanonicalHash.trial(spec)).isEmpty(), "not the trial version 3 asks for");
            assertTrue(store.deriveFromOtherBudget(spec.withSteps(500_000)).isEmpty(),
                    "nor a source for another budget");
        }
    }
}
