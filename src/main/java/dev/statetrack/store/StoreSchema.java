package dev.statetrack.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * The run store's tables and the migration of older stores. Version 2 added the ensemble columns (a
 * version-1 store gains them: its trials were trained alone), version 3 the derivation column, version 4
 * the learning curves (an older store gains the empty table: its trials keep their rows and have no curve)
 * and the trials' pruning rule (NULL: none, as for every older trial), version 5 the model's further options
 * (model_options, a JSON object of the hyper-parameters a model has beyond the five shared columns; NULL for
 * none, as for the paper's three models and every older trial: models became plug-ins), version 6 the
 * machine that trained each trial (trained_on: host and CPU model; NULL for every older trial).
 */
final class StoreSchema {

    static final int VERSION = 6;

    private StoreSchema() {
    }

    /** Creates what is missing, migrates an older store, and refuses one written by a newer tool. */
    static void apply(Sql sql) {
        sql.transaction(() -> {
            try (Statement s = sql.statement()) {
                createTables(s);
                addMissingColumns(s);
            }
            try (PreparedStatement p = sql.prepare("SELECT value FROM meta WHERE key = 'schema_version'")) {
                ResultSet rs = p.executeQuery();
                if (rs.next() && Integer.parseInt(rs.getString(1)) > VERSION) {
                    throw new IllegalArgumentException("run store has schema version " + rs.getString(1)
                            + "; this tool reads version " + VERSION);
                }
            }
            try (PreparedStatement p = sql.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)")) {
                p.setString(1, Integer.toString(VERSION));
                p.executeUpdate();
            }
            return null;
        });
    }

    private static void createTables(Statement s) throws SQLException {
        s.executeUpdate("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        s.executeUpdate("""
                CREATE TABLE IF NOT EXISTS trials(
                  hash TEXT PRIMARY KEY,
                  spec_text TEXT NOT NULL,
                  group_name TEXT NOT NULL, format TEXT NOT NULL, distribution TEXT NOT NULL,
                  max_length INTEGER NOT NULL, train_size INTEGER NOT NULL,
                  model_kind TEXT NOT NULL, model_layers INTEGER NOT NULL, model_width INTEGER NOT NULL,
                  model_heads INTEGER NOT NULL, model_embedding INTEGER NOT NULL,
                  model_normalize_state INTEGER NOT NULL, model_options TEXT,
                  learning_rate REAL NOT NULL, seed INTEGER NOT NULL, steps INTEGER NOT NULL,
                  batch_size INTEGER NOT NULL, epsilon REAL NOT NULL, eval_every INTEGER NOT NULL,
                  probe_max_length INTEGER NOT NULL,
                  success INTEGER NOT NULL, steps_run INTEGER NOT NULL, best_validation_loss REAL,
                  validation_accuracy REAL, accuracy_by_length TEXT NOT NULL, wall_millis INTEGER NOT NULL,
                  parameter_count INTEGER NOT NULL, failure_reason TEXT,
                  tool_version TEXT NOT NULL, git_commit TEXT, host TEXT NOT NULL, threads INTEGER NOT NULL,
                  started_at TEXT NOT NULL, finished_at TEXT NOT NULL,
                  ensemble_size INTEGER NOT NULL DEFAULT 1, ensemble_member INTEGER NOT NULL DEFAULT 0,
                  derived_from TEXT, prune TEXT, trained_on TEXT)""");
        // deriveFromOtherBudget looks a trial up by its specification without the budget, for every
        // trial a search asks for; without this index each lookup would scan the whole table
        s.executeUpdate("""
                CREATE INDEX IF NOT EXISTS trials_by_run
                  ON trials(group_name, train_size, seed, format, distribution, max_length)""");
        s.executeUpdate("""
                CREATE TABLE IF NOT EXISTS claims(
                  hash TEXT PRIMARY KEY, owner TEXT NOT NULL,
                  claimed_at INTEGER NOT NULL, heartbeat_at INTEGER NOT NULL)""");
        s.executeUpdate("""
                CREATE TABLE IF NOT EXISTS searches(
                  search_id TEXT PRIMARY KEY, label TEXT NOT NULL, n_max INTEGER NOT NULL,
                  stop_reason TEXT, n_star INTEGER, largest_failing INTEGER, updated_at TEXT NOT NULL)""");
        s.executeUpdate("""
                CREATE TABLE IF NOT EXISTS search_steps(
                  search_id TEXT NOT NULL, step_index INTEGER NOT NULL, phase TEXT NOT NULL,
                  train_size INTEGER NOT NULL, success INTEGER NOT NULL,
                  PRIMARY KEY(search_id, step_index))""");
        s.executeUpdate("""
                CREATE TABLE IF NOT EXISTS search_step_trials(
                  search_id TEXT NOT NULL, step_index INTEGER NOT NULL, position INTEGER NOT NULL,
                  trial_hash TEXT NOT NULL, status TEXT NOT NULL,
                  PRIMARY KEY(search_id, step_index, position))""");
        s.executeUpdate(CurveTable.CREATE);
    }

    /**
     * Version 1 stores lack the ensemble columns, versions 1 and 2 the derivation column, 1 to 3 the rule,
     * 1 to 4 the model options, 1 to 5 the training machine.
     */
    private static void addMissingColumns(Statement s) throws SQLException {
        Set<String> present = new HashSet<>();
        try (ResultSet rs = s.executeQuery("PRAGMA table_info(trials)")) {
            while (rs.next()) {
                present.add(rs.getString("name"));
            }
        }
        if (!present.contains("ensemble_size")) {
            s.executeUpdate("ALTER TABLE trials ADD COLUMN ensemble_size INTEGER NOT NULL DEFAULT 1");
            s.executeUpdate("ALTER TABLE trials ADD COLUMN ensemble_member INTEGER NOT NULL DEFAULT 0");
        }
        if (!present.contains("derived_from")) {
            s.executeUpdate("ALTER TABLE trials ADD COLUMN derived_from TEXT");
        }
        if (!present.contains("prune")) {
            s.executeUpdate("ALTER TABLE trials ADD COLUMN prune TEXT");
        }
        if (!present.contains("model_options")) {
            s.executeUpdate("ALTER TABLE trials ADD COLUMN model_options TEXT");
        }
        if (!present.contains("trained_on")) {
            s.executeUpdate("ALTER TABLE trials ADD COLUMN trained_on TEXT");
        }
    }
}
