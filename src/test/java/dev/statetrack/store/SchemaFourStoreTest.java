package dev.statetrack.store;

import dev.statetrack.train.TrialSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A store written before models became plug-ins (schema version 4: one column per hyper-parameter of
 * the paper's three models, written here by hand as that tool wrote it) opens, and its trials are the
 * ones this tool asks for: same hash, same specification.
 */
class SchemaFourStoreTest {

    @TempDir
    Path dir;

    @Test
    void trialsOfTheOldColumnLayoutAreFoundAndReused() throws Exception {
        Path file = dir.resolve("runs.sqlite");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = db.createStatement()) {
            s.executeUpdate("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            s.executeUpdate("INSERT INTO meta VALUES ('schema_version', '4')");
            s.executeUpdate("""
                    CREATE TABLE trials(
                      hash TEXT PRIMARY KEY, spec_text TEXT NOT NULL,
                      group_name TEXT NOT NULL, format TEXT NOT NULL, distribution TEXT NOT NULL,
                      max_length INTEGER NOT NULL, train_size INTEGER NOT NULL,
                      model_kind TEXT NOT NULL, model_layers INTEGER NOT NULL, model_width INTEGER NOT NULL,
                      model_heads INTEGER NOT NULL, model_embedding INTEGER NOT NULL,
                      model_normalize_state INTEGER NOT NULL,
                      learning_rate REAL NOT NULL, seed INTEGER NOT NULL, steps INTEGER NOT NULL,
                      batch_size INTEGER NOT NULL, epsilon REAL NOT NULL, eval_every INTEGER NOT NULL,
                      probe_max_length INTEGER NOT NULL,
                      success INTEGER NOT NULL, steps_run INTEGER NOT NULL, best_validation_loss REAL,
                      validation_accuracy REAL, accuracy_by_length TEXT NOT NULL, wall_millis INTEGER NOT NULL,
                      parameter_count INTEGER NOT NULL, failure_reason TEXT,
                      tool_version TEXT NOT NULL, git_commit TEXT, host TEXT NOT NULL, threads INTEGER NOT NULL,
                      started_at TEXT NOT NULL, finished_at TEXT NOT NULL,
                      ensemble_size INTEGER NOT NULL DEFAULT 1, ensemble_member INTEGER NOT NULL DEFAULT 0,
                      derived_from TEXT, prune TEXT)""");
            try (PreparedStatement p = db.prepareStatement("""
                    INSERT INTO trials VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,1000,0.00005,1.0,'{}',60,
                      4242,NULL,'0.1','abc','host',1,'1970-01-01T00:00:00Z','1970-01-01T00:00:01Z',1,0,NULL,?)""")) {
                for (int t = 0; t < TrialIdentityGoldenTest.TRIALS.size(); t++) {
                    TrialSpec spec = TrialIdentityGoldenTest.TRIALS.get(t);
                    int i = 1;
                    p.setString(i++, TrialIdentityGoldenTest.HASHES.get(t));
                    p.setString(i++, "(the old tool's text)");
                    p.setString(i++, spec.group());
                    p.setString(i++, spec.format().id());
                    p.setString(i++, spec.distribution().id());
                    p.setInt(i++, spec.maxLength());
                    p.setLong(i++, spec.trainSize());
                    p.setString(i++, OLD_KINDS.get(t));
                    p.setInt(i++, spec.model().layers());
                    p.setInt(i++, spec.model().width());
                    p.setInt(i++, spec.model().heads());
                    p.setInt(i++, spec.model().embedding());
                    p.setInt(i++, spec.model().normalizeState() ? 1 : 0);
                    p.setDouble(i++, spec.learningRate());
                    p.setLong(i++, spec.seed());
                    p.setInt(i++, spec.steps());
                    p.setInt(i++, spec.batchSize());
                    p.setDouble(i++, spec.epsilon());
                    p.setInt(i++, spec.evalEvery());
                    p.setInt(i++, spec.probeMaxLength());
                    p.setString(i, spec.prune() == null ? null : spec.prune().text());
                    p.executeUpdate();
                }
            }
        }
        try (RunStore store = RunStore.open(file, Duration.ofSeconds(60))) {
            assertEquals(TrialIdentityGoldenTest.TRIALS.size(), store.trials().size());
            for (TrialSpec spec : TrialIdentityGoldenTest.TRIALS) {
                var found = store.find(CanonicalHash.trial(spec));
                assertTrue(found.isPresent(), "reused: " + spec.model());
                assertEquals(spec, found.get().spec());
                assertEquals(4242, found.get().result().parameterCount());
                assertNull(found.get().result().trainedOn(), "the old tool did not record the training machine");
            }
        }
    }

    /** How the old tool wrote model_kind: the enum's ids. */
    private static final java.util.List<String> OLD_KINDS =
            java.util.List.of("transformer", "transformer", "lstm", "lstm", "dense-ssm", "dense-ssm");
}
