package dev.statetrack.store;

import dev.statetrack.train.CurvePoint;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.statetrack.store.Sql.finiteOrNaN;
import static dev.statetrack.store.Sql.setFinite;

/**
 * The {@code curves} table: a trained trial's training and validation loss at every evaluation, keyed by
 * the trial's hash and the step. A trial derived from a run with another budget has no rows of its own:
 * it is that run up to its success, so it reads the source's curve.
 */
final class CurveTable {

    static final String CREATE = """
            CREATE TABLE IF NOT EXISTS curves(
              hash TEXT NOT NULL, step INTEGER NOT NULL, training_loss REAL, validation_loss REAL,
              PRIMARY KEY(hash, step))""";

    private final Sql sql;

    CurveTable(Sql sql) {
        this.sql = sql;
    }

    /** Within the caller's transaction. */
    void insert(String hash, List<CurvePoint> curve) throws SQLException {
        try (PreparedStatement p = sql.prepare(
                "INSERT OR IGNORE INTO curves(hash, step, training_loss, validation_loss) VALUES (?, ?, ?, ?)")) {
            for (CurvePoint point : curve) {
                p.setString(1, hash);
                p.setInt(2, point.step());
                setFinite(p, 3, point.trainingLoss());
                setFinite(p, 4, point.validationLoss());
                p.executeUpdate();
            }
        }
    }

    List<CurvePoint> of(String hash) {
        return sql.query("SELECT step, training_loss, validation_loss FROM curves WHERE hash = ? ORDER BY step",
                p -> p.setString(1, hash), CurveTable::point);
    }

    /** Every stored curve by trial hash, in one query: a whole store is read for reports and replays. */
    Map<String, List<CurvePoint>> all() {
        Map<String, List<CurvePoint>> byHash = new HashMap<>();
        sql.query("SELECT hash, step, training_loss, validation_loss FROM curves ORDER BY hash, step", p -> { },
                rs -> byHash.computeIfAbsent(rs.getString("hash"), h -> new ArrayList<>()).add(point(rs)));
        return byHash;
    }

    private static CurvePoint point(ResultSet rs) throws SQLException {
        return new CurvePoint(rs.getInt("step"), finiteOrNaN(rs, "training_loss"), finiteOrNaN(rs, "validation_loss"));
    }
}
