package dev.statetrack.store;

import dev.statetrack.model.DiagonalRnnProvider;
import dev.statetrack.model.HouseholderRnnProvider;
import dev.statetrack.model.ModelSpec;
import dev.statetrack.task.Format;
import dev.statetrack.task.LengthDistribution;
import dev.statetrack.train.TrialResult;
import dev.statetrack.train.TrialSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model's further options are part of its trials' identity and survive the run store. */
class ModelOptionsIdentityTest {

    @TempDir
    Path dir;

    private static TrialSpec trial(ModelSpec model) {
        return new TrialSpec("Z2", Format.OUTCOME, LengthDistribution.UNIFORM, 8, 100, model, 1e-3, 10, 500, 16,
                1e-3, 50, 16);
    }

    @Test
    void optionsFollowTheSharedSizesInKeyOrder() {
        String text = CanonicalHash.trialText(trial(DiagonalRnnProvider.spec(16, "signed")));
        assertTrue(text.contains("model.kind=diagonal-rnn\nmodel.layers=1\nmodel.width=16\nmodel.heads=0\n"
                + "model.embedding=0\nmodel.normalize_state=false\nmodel.eigenvalues=signed\nlearning_rate="), text);
        assertNotEquals(CanonicalHash.trial(trial(DiagonalRnnProvider.spec(16, "signed"))),
                CanonicalHash.trial(trial(DiagonalRnnProvider.spec(16, "positive"))));
        assertNotEquals(CanonicalHash.trial(trial(HouseholderRnnProvider.spec(16, 1))),
                CanonicalHash.trial(trial(HouseholderRnnProvider.spec(16, 2))));
    }

    @Test
    void theStoreKeepsOptionsInItsJsonColumnAndFindsTheTrialAgain() throws Exception {
        Path file = dir.resolve("runs.sqlite");
        TrialSpec spec = trial(HouseholderRnnProvider.spec(8, 2));
        try (RunStore store = RunStore.open(file)) {
            store.record(spec, new TrialResult(true, 100, 1e-4, 1.0, 10, 99, null, Map.of()),
                    Provenance.of(1, 1, 0, Instant.EPOCH, Instant.EPOCH.plusSeconds(1)));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rs = c.createStatement().executeQuery("SELECT model_kind, model_width, model_options FROM trials")) {
            assertTrue(rs.next());
            assertEquals("householder-rnn", rs.getString(1));
            assertEquals(8, rs.getInt(2));
            assertEquals("{\"beta-max\":\"2\"}", rs.getString(3));
        }
        try (RunStore store = RunStore.open(file)) {
            assertEquals(spec, store.find(CanonicalHash.trial(spec)).orElseThrow().spec());
        }
    }
}
