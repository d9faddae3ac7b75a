package dev.statetrack.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The {@code claims} table: which process is training which trial. An owner keeps its claims alive with
 * a heartbeat; a claim whose heartbeat is older than the stale timeout, or whose owner is a process on
 * this host that no longer exists, is taken over (so a rerun after kill -9 need not wait).
 */
final class ClaimTable {

    private final Sql sql;
    private final String host;
    private final String owner;
    private final Duration staleAfter;

    /** @param owner {@code host/pid/random} */
    ClaimTable(Sql sql, String host, String owner, Duration staleAfter) {
        this.sql = sql;
        this.host = host;
        this.owner = owner;
        this.staleAfter = staleAfter;
    }

    /** Within the caller's transaction, after it has checked that the trial is not stored. */
    RunStore.Claim claimUnstored(String hash) throws SQLException {
        long now = System.currentTimeMillis();
        try (PreparedStatement p = sql.prepare("SELECT owner, heartbeat_at FROM claims WHERE hash = ?")) {
            p.setString(1, hash);
            ResultSet rs = p.executeQuery();
            if (rs.next() && !isStale(rs.getString(1), rs.getLong(2), now)) {
                return RunStore.Claim.HELD_ELSEWHERE;
            }
        }
        try (PreparedStatement p = sql.prepare(
                "INSERT OR REPLACE INTO claims(hash, owner, claimed_at, heartbeat_at) VALUES (?, ?, ?, ?)")) {
            p.setString(1, hash);
            p.setString(2, owner);
            p.setLong(3, now);
            p.setLong(4, now);
            p.executeUpdate();
        }
        return RunStore.Claim.CLAIMED;
    }

    private boolean isStale(String claimOwner, long heartbeatAt, long now) {
        if (now - heartbeatAt > staleAfter.toMillis()) {
            return true;
        }
        int uuidStart = claimOwner.lastIndexOf('/');
        int pidStart = claimOwner.lastIndexOf('/', uuidStart - 1);
        if (pidStart < 0 || !claimOwner.substring(0, pidStart).equals(host)) {
            return false;
        }
        try {
            long pid = Long.parseLong(claimOwner.substring(pidStart + 1, uuidStart));
            return ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Drops this owner's claim on {@code hash}, if it holds one. */
    void drop(String hash) throws SQLException {
        try (PreparedStatement p = sql.prepare("DELETE FROM claims WHERE hash = ? AND owner = ?")) {
            p.setString(1, hash);
            p.setString(2, owner);
            p.executeUpdate();
        }
    }

    void dropAll() throws SQLException {
        try (PreparedStatement p = sql.prepare("DELETE FROM claims WHERE owner = ?")) {
            p.setString(1, owner);
            p.executeUpdate();
        }
    }

    void beat() {
        try (PreparedStatement p = sql.prepare("UPDATE claims SET heartbeat_at = ? WHERE owner = ?")) {
            p.setLong(1, System.currentTimeMillis());
            p.setString(2, owner);
            p.executeUpdate();
        } catch (SQLException e) {
            // A missed beat is retried at the next period; only a long outage makes claims stale.
        }
    }
}
