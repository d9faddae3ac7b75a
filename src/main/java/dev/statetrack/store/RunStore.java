package dev.statetrack.store;

import dev.statetrack.search.SearchResult;
import dev.statetrack.search.SearchStep;
import dev.statetrack.train.TrainingMachine;
import dev.statetrack.train.TrialResult;
import dev.statetrack.train.TrialSpec;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The SQLite file that holds every finished trial, the claims of trials being trained, and search
 * traces. Safe for several threads (one connection, serialised) and several processes (SQLite
 * locking, WAL, immediate transactions, a claim per running trial). Each trial is committed on its
 * own, so a killed process loses at most the trials it was running. Each table is its own class
 * ({@link TrialTable}, {@link ClaimTable}, {@link SearchTraceTable}; the schema in {@link StoreSchema});
 * this class opens the file, serialises access and commits what spans tables.
 */
public final class RunStore implements AutoCloseable {

    /** Answer to "may I train this trial?". */
    public enum Claim {
        /** Already stored: read it instead of training. */
        STORED,
        /** Yours: train it, then {@link #record} or {@link #release} it. */
        CLAIMED,
        /** A live owner is training it: wait and ask again. */
        HELD_ELSEWHERE
    }

    public static final Duration DEFAULT_STALE_AFTER = Duration.ofSeconds(60);

    static {
        SqliteNativeLibrary.useCache();
    }

    private final Sql sql;
    /** {@code host/pid/random}: unique per open store, so two stores in one process do not share claims. */
    private final String owner;
    private final TrialTable trials;
    private final ClaimTable claims;
    private final SearchTraceTable searches;
    private final ScheduledExecutorService heartbeat;

    private RunStore(Connection db, Duration staleAfter) {
        this.sql = new Sql(db);
        String host = TrainingMachine.localHost();
        this.owner = host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.trials = new TrialTable(sql);
        this.claims = new ClaimTable(sql, host, owner, staleAfter);
        this.searches = new SearchTraceTable(sql, trials);
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "run-store-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, staleAfter.toMillis() / 4);
        heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    public static RunStore open(Path file) {
        return open(file, DEFAULT_STALE_AFTER);
    }

    /** @param staleAfter a claim whose heartbeat is older than this is taken over */
    public static RunStore open(Path file, Duration staleAfter) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.setBusyTimeout(60_000);
            // Immediate transactions take the write lock up front, so check-then-claim is atomic across processes.
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
            RunStore store = new RunStore(db, staleAfter);
            StoreSchema.apply(store.sql);
            return store;
        } catch (SQLException e) {
            throw new IllegalArgumentException("cannot open run store " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String owner() {
        return owner;
    }

    // ---- trials ----

    /** Trials stored, by any process. */
    public synchronized long trialCount() {
        return trials.count();
    }

    public synchronized Optional<StoredTrial> find(String hash) {
        return trials.find(hash);
    }

    /** See {@link TrialTable#deriveFromOtherBudget}. */
    public synchronized Optional<StoredTrial> deriveFromOtherBudget(TrialSpec spec) {
        return trials.deriveFromOtherBudget(spec);
    }

    public synchronized List<StoredTrial> trials() {
        return trials.all();
    }

    /**
     * Stores a finished trial and drops its claim, in one commit. Cancelled results are refused: they
     * are not outcomes, and storing one would let a resumed search read it as a failure.
     *
     * @return false if the trial was already stored (the first outcome is kept)
     */
    public synchronized boolean record(TrialSpec spec, TrialResult result, Provenance provenance) {
        if (result.cancelled()) {
            throw new IllegalArgumentException("a cancelled trial is not an outcome and is not stored");
        }
        String hash = CanonicalHash.trial(spec);
        return sql.transaction(() -> {
            boolean inserted = trials.insert(spec, result, provenance, null);
            claims.drop(hash);
            return inserted;
        });
    }

    // ---- claims ----

    /**
     * Claims a trial for this store's owner unless it is stored or a live owner holds it (see
     * {@link ClaimTable} for when a claim is stale and taken over).
     */
    public synchronized Claim claim(String hash) {
        return sql.transaction(() -> trials.contains(hash) ? Claim.STORED : claims.claimUnstored(hash));
    }

    /** Gives up this owner's claim without an outcome (cancelled, or the executor threw). */
    public synchronized void release(String hash) {
        sql.transaction(() -> {
            claims.drop(hash);
            return null;
        });
    }

    private synchronized void beat() {
        claims.beat();
    }

    // ---- searches ----

    /** Marks a search as started; a replay after a resume overwrites the earlier trace. */
    public synchronized void beginSearch(String searchId, String label, long nMax) {
        searches.beginSearch(searchId, label, nMax, List.of());
    }

    /** Begins a search whose first steps are already known (an adaptive search's stored trials), in one commit. */
    public synchronized void beginSearch(String searchId, String label, long nMax, List<SearchStep> firstSteps) {
        searches.beginSearch(searchId, label, nMax, firstSteps);
    }

    public synchronized void recordSearchStep(String searchId, SearchStep step) {
        searches.recordSearchStep(searchId, step);
    }

    /** Stores the outcome and rewrites the whole trace, so the stored trace is exactly the result's. */
    public synchronized void finishSearch(String searchId, SearchResult result) {
        searches.finishSearch(searchId, result);
    }

    public synchronized Optional<StoredSearch> search(String searchId) {
        return searches.search(searchId);
    }

    /** Every search begun in this store, finished or not, by id. */
    public synchronized List<StoredSearch> searches() {
        return searches.all();
    }

    @Override
    public synchronized void close() {
        heartbeat.shutdownNow();
        try {
            claims.dropAll();
            sql.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close run store: " + e.getMessage(), e);
        }
    }
}
