package dev.statetrack.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The run store's one connection and the plumbing its tables share: transactions, row queries and
 * SQLite's lack of NaN. Callers serialise access (the store's methods are synchronized).
 */
final class Sql {

    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement p) throws SQLException;
    }

    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final Connection db;

    Sql(Connection db) {
        this.db = db;
    }

    PreparedStatement prepare(String sql) throws SQLException {
        return db.prepareStatement(sql);
    }

    Statement statement() throws SQLException {
        return db.createStatement();
    }

    <T> T transaction(Work<T> work) {
        try {
            db.setAutoCommit(false);
            try {
                T value = work.run();
                db.commit();
                return value;
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("run store: " + e.getMessage(), e);
        }
    }

    <T> List<T> query(String sql, Binder binder, RowReader<T> reader) {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            binder.bind(p);
            ResultSet rs = p.executeQuery();
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(reader.read(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("run store: " + e.getMessage(), e);
        }
    }

    void close() throws SQLException {
        db.close();
    }

    /** SQLite has no NaN or infinity: a loss that was never finite is stored as NULL. */
    static void setFinite(PreparedStatement p, int index, double value) throws SQLException {
        if (Double.isFinite(value)) {
            p.setDouble(index, value);
        } else {
            p.setNull(index, Types.REAL);
        }
    }

    static double finiteOrNaN(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }
}
