package dev.statetrack.store;

import dev.statetrack.search.SearchResult;
import dev.statetrack.search.SearchStep;
import dev.statetrack.search.TrialOutcome;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code searches}, {@code search_steps} and {@code search_step_trials} tables: each search's
 * label, outcome and trace, the trace's trials by hash (read back through the trials table).
 */
final class SearchTraceTable {

    private final Sql sql;
    private final TrialTable trials;

    SearchTraceTable(Sql sql, TrialTable trials) {
        this.sql = sql;
        this.trials = trials;
    }

    /**
     * Marks a search as started with the given first steps (an adaptive search's stored trials), in one
     * commit, so a resumed search finds either none of them or all; a replay after a resume overwrites the
     * earlier trace.
     */
    void beginSearch(String searchId, String label, long nMax, List<SearchStep> firstSteps) {
        sql.transaction(() -> {
            try (PreparedStatement p = sql.prepare("""
                    INSERT OR REPLACE INTO searches(search_id, label, n_max, stop_reason, n_star, largest_failing,
                      updated_at) VALUES (?, ?, ?, NULL, NULL, NULL, ?)""")) {
                p.setString(1, searchId);
                p.setString(2, label);
                p.setLong(3, nMax);
                p.setString(4, Instant.now().toString());
                p.executeUpdate();
            }
            deleteTrace(searchId);
            for (SearchStep step : firstSteps) {
                insertStep(searchId, step);
            }
            return null;
        });
    }

    void recordSearchStep(String searchId, SearchStep step) {
        sql.transaction(() -> {
            insertStep(searchId, step);
            return null;
        });
    }

    /** Stores the outcome and rewrites the whole trace, so the stored trace is exactly the result's. */
    void finishSearch(String searchId, SearchResult result) {
        sql.transaction(() -> {
            deleteTrace(searchId);
            for (SearchStep step : result.trace()) {
                insertStep(searchId, step);
            }
            try (PreparedStatement p = sql.prepare("""
                    UPDATE searches SET stop_reason = ?, n_star = ?, largest_failing = ?, updated_at = ?
                    WHERE search_id = ?""")) {
                p.setString(1, result.stopReason().id());
                p.setLong(2, result.nStar());
                p.setLong(3, result.largestFailing());
                p.setString(4, Instant.now().toString());
                p.setString(5, searchId);
                if (p.executeUpdate() != 1) {
                    throw new IllegalStateException("search " + searchId + " was finished without being begun");
                }
            }
            return null;
        });
    }

    Optional<StoredSearch> search(String searchId) {
        try (PreparedStatement p = sql.prepare("SELECT * FROM searches WHERE search_id = ?")) {
            p.setString(1, searchId);
            ResultSet rs = p.executeQuery();
            if (!rs.next()) {
                return Optional.empty();
            }
            String label = rs.getString("label");
            long nMax = rs.getLong("n_max");
            String stop = rs.getString("stop_reason");
            long nStar = rs.getLong("n_star");
            long largestFailing = rs.getLong("largest_failing");
            List<SearchStep> trace = loadTrace(searchId);
            SearchResult result = stop == null ? null : new SearchResult(nMax, nStar, largestFailing,
                    SearchResult.StopReason.valueOf(stop.toUpperCase(Locale.ROOT).replace('-', '_')), trace);
            return Optional.of(new StoredSearch(searchId, label, nMax, trace, result));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read search " + searchId + ": " + e.getMessage(), e);
        }
    }

    List<StoredSearch> all() {
        return sql.query("SELECT search_id FROM searches ORDER BY search_id", p -> { }, rs -> rs.getString(1))
                .stream().map(id -> search(id).orElseThrow()).toList();
    }

    private List<SearchStep> loadTrace(String searchId) throws SQLException {
        List<SearchStep> steps = new ArrayList<>();
        try (PreparedStatement p = sql.prepare(
                "SELECT step_index, phase, train_size, success FROM search_steps WHERE search_id = ? ORDER BY step_index")) {
            p.setString(1, searchId);
            ResultSet rs = p.executeQuery();
            while (rs.next()) {
                int index = rs.getInt(1);
                steps.add(new SearchStep(index,
                        SearchStep.Phase.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)),
                        rs.getLong(3), rs.getInt(4) == 1, loadStepTrials(searchId, index)));
            }
        }
        return steps;
    }

    private List<TrialOutcome> loadStepTrials(String searchId, int index) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement p = sql.prepare("""
                SELECT trial_hash, status FROM search_step_trials
                WHERE search_id = ? AND step_index = ? ORDER BY position""")) {
            p.setString(1, searchId);
            p.setInt(2, index);
            ResultSet rs = p.executeQuery();
            while (rs.next()) {
                rows.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        List<TrialOutcome> outcomes = new ArrayList<>();
        for (String[] row : rows) {
            TrialOutcome.Status status = TrialOutcome.Status.valueOf(row[1].toUpperCase(Locale.ROOT));
            Optional<StoredTrial> trial = trials.find(row[0]);
            outcomes.add(new TrialOutcome(row[0], trial.map(StoredTrial::spec).orElse(null), status,
                    status == TrialOutcome.Status.CANCELLED ? null : trial.map(StoredTrial::result).orElse(null)));
        }
        return outcomes;
    }

    private void insertStep(String searchId, SearchStep step) throws SQLException {
        try (PreparedStatement p = sql.prepare("""
                INSERT OR REPLACE INTO search_steps(search_id, step_index, phase, train_size, success)
                VALUES (?, ?, ?, ?, ?)""")) {
            p.setString(1, searchId);
            p.setInt(2, step.index());
            p.setString(3, step.phase().id());
            p.setLong(4, step.trainSize());
            p.setInt(5, step.success() ? 1 : 0);
            p.executeUpdate();
        }
        try (PreparedStatement p = sql.prepare("""
                INSERT OR REPLACE INTO search_step_trials(search_id, step_index, position, trial_hash, status)
                VALUES (?, ?, ?, ?, ?)""")) {
            for (int i = 0; i < step.trials().size(); i++) {
                TrialOutcome t = step.trials().get(i);
                p.setString(1, searchId);
                p.setInt(2, step.index());
                p.setInt(3, i);
                p.setString(4, t.hash());
                p.setString(5, t.status().id());
                p.executeUpdate();
            }
        }
    }

    private void deleteTrace(String searchId) throws SQLException {
        for (String table : List.of("search_steps", "search_step_trials")) {
            try (PreparedStatement p = sql.prepare("DELETE FROM " + table + " WHERE search_id = ?")) {
                p.setString(1, searchId);
                p.executeUpdate();
            }
        }
    }
}
