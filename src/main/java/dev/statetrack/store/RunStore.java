package dev.statetrack.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.statetrack.model.ModelKind;
import dev.statetrack.model.ModelSpec;
import dev.statetrack.search.SearchResult;
import dev.statetrack.search.SearchStep;
import dev.statetrack.search.TrialOutcome;
import dev.statetrack.task.Format;
import dev.statetrack.task.LengthDistribution;
import dev.statetrack.train.TrialResult;
import dev.statetrack.train.TrialSpec;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The SQLite file that holds every finished trial, the claims of trials being trained, and search
 * traces. Safe for several threads (one connection, serialised) and several processes (SQLite
 * locking, WAL, immediate transactions, a claim per running trial). Each trial is committed on its
 * own, so a killed process loses at most the trials it was running.
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
    /** Version 2 added the ensemble columns; a version-1 store gains them (its trials were trained alone). */
    private static final int SCHEMA_VERSION = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        useNativeLibraryCache();
    }

    private final Connection db;
    private final String host;
    /** {@code host/pid/random}: unique per open store, so two stores in one process do not share claims. */
    private final String owner;
    private final Duration staleAfter;
    private final ScheduledExecutorService heartbeat;

    private RunStore(Connection db, Duration staleAfter) {
        this.db = db;
        this.staleAfter = staleAfter;
        this.host = Provenance.localHost();
        this.owner = host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "run-store-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, staleAfter.toMillis() / 4);
        heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * sqlite-jdbc extracts its native library when it first connects, by default as a fresh copy per
     * process in the system temporary folder, which every killed process leaves behind. Instead the
     * library is copied once per driver version into a per-user cache folder
     * ({@code $XDG_CACHE_HOME/statetrack/sqlite}, else {@code ~/.cache/statetrack/sqlite}) and loaded
     * from there ({@code org.sqlite.lib.path}); that folder is also the driver's own extraction folder
     * ({@code org.sqlite.tmpdir}) should the copy fail. Folders the user set with -D win.
     */
    private static void useNativeLibraryCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        String chosen = System.getProperty("org.sqlite.tmpdir");
        Path folder = chosen != null ? Path.of(chosen) : cache.resolve("statetrack").resolve("sqlite");
        try {
            Files.createDirectories(folder);
            System.setProperty("org.sqlite.tmpdir", folder.toString());
            if (System.getProperty("org.sqlite.lib.path") != null) {
                return;
            }
            String name = LibraryLoaderUtil.getNativeLibName();
            // not "sqlite-VERSION...": the driver deletes what starts so in its folder on every start
            Path versioned = folder.resolve("jdbc-" + SQLiteJDBCLoader.getVersion());
            Path library = versioned.resolve(name);
            if (!Files.isRegularFile(library)) {
                try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(
                        LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name)) {
                    if (in == null) {
                        return; // no bundled library for this platform: the driver looks elsewhere
                    }
                    AtomicFile.write(library, in::transferTo);
                }
            }
            System.setProperty("org.sqlite.lib.path", versioned.toString());
            System.setProperty("org.sqlite.lib.name", name);
        } catch (IOException | SecurityException e) {
            // an unwritable cache: the driver's default folder still works
        }
    }

    /** Trials stored, by any process. */
    public synchronized long trialCount() {
        try (PreparedStatement p = db.prepareStatement("SELECT COUNT(*) FROM trials")) {
            ResultSet rs = p.executeQuery();
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the stored trials: " + e.getMessage(), e);
        }
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
            store.createSchema();
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

    private void createSchema() throws SQLException {
        transaction(() -> {
            try (Statement s = db.createStatement()) {
                s.executeUpdate("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
                s.executeUpdate("""
                        CREATE TABLE IF NOT EXISTS trials(
                          hash TEXT PRIMARY KEY,
                          spec_text TEXT NOT NULL,
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
                          derived_from TEXT)""");
                addMissingColumns(s);
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
            }
            try (PreparedStatement p = db.prepareStatement("SELECT value FROM meta WHERE key = 'schema_version'")) {
                ResultSet rs = p.executeQuery();
                if (rs.next() && Integer.parseInt(rs.getString(1)) > SCHEMA_VERSION) {
                    throw new IllegalArgumentException("run store has schema version " + rs.getString(1)
                            + "; this tool reads version " + SCHEMA_VERSION);
                }
            }
            try (PreparedStatement p = db.prepareStatement(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)")) {
                p.setString(1, Integer.toString(SCHEMA_VERSION));
                p.executeUpdate();
            }
            return null;
        });
    }

    /** Version 1 stores lack the ensemble columns, versions 1 and 2 the derivation column. */
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
    }

    // ---- trials ----

    public synchronized Optional<StoredTrial> find(String hash) {
        return query("SELECT * FROM trials WHERE hash = ?", p -> p.setString(1, hash)).stream().findFirst();
    }

    /**
     * Stores and returns the outcome of {@code spec} when a trained trial that differs from it only in
     * its step budget already shows it: one that succeeded at an evaluation both budgets share (a
     * multiple of the evaluation cadence, within both budgets). A run stops at its first evaluation below
     * ε and nothing before that depends on the budget (data order, initialisation and updates are the
     * seed's), so the two runs are the same run up to there and the outcome is the same. A failure says
     * nothing about a larger budget and is never used. The derived row has the source's result and
     * provenance, no wall time of its own (no training was done for it) and the source's hash in
     * {@code derived_from}.
     */
    public synchronized Optional<StoredTrial> deriveFromOtherBudget(TrialSpec spec) {
        String hash = CanonicalHash.trial(spec);
        List<StoredTrial> candidates = query("""
                SELECT * FROM trials WHERE derived_from IS NULL AND success = 1 AND steps <> ?
                  AND steps_run <= ? AND steps_run % eval_every = 0
                  AND group_name = ? AND format = ? AND distribution = ? AND max_length = ? AND train_size = ?
                  AND model_kind = ? AND seed = ? AND eval_every = ? ORDER BY started_at, hash""", p -> {
            int i = 1;
            p.setInt(i++, spec.steps());
            p.setInt(i++, spec.steps());
            p.setString(i++, spec.group());
            p.setString(i++, spec.format().id());
            p.setString(i++, spec.distribution().id());
            p.setInt(i++, spec.maxLength());
            p.setLong(i++, spec.trainSize());
            p.setString(i++, spec.model().kind().id());
            p.setLong(i++, spec.seed());
            p.setInt(i, spec.evalEvery());
        });
        for (StoredTrial source : candidates) {
            // the same trial but for the budget, under this tool's trial identity (not an older version's)
            boolean sameTrial = source.hash().equals(CanonicalHash.trial(source.spec()))
                    && CanonicalHash.trial(source.spec().withSteps(spec.steps())).equals(hash);
            if (sameTrial) {
                TrialResult r = source.result();
                TrialResult derived = new TrialResult(true, r.steps(), r.bestValidationLoss(), r.validationAccuracy(),
                        0, r.parameterCount(), r.failureReason(), r.accuracyByLength());
                transaction(() -> insert(spec, derived, source.provenance(), source.hash()));
                return find(hash);
            }
        }
        return Optional.empty();
    }

    public synchronized List<StoredTrial> trials() {
        return query("SELECT * FROM trials ORDER BY started_at, hash", p -> { });
    }

    /**
     * Claims a trial for this store's owner unless it is stored or a live owner holds it. A claim is
     * stale, and taken over, when its heartbeat is older than the stale timeout or its owner is a
     * process on this host that no longer exists (so a rerun after kill -9 need not wait).
     */
    public synchronized Claim claim(String hash) {
        return transaction(() -> {
            try (PreparedStatement p = db.prepareStatement("SELECT 1 FROM trials WHERE hash = ?")) {
                p.setString(1, hash);
                if (p.executeQuery().next()) {
                    return Claim.STORED;
                }
            }
            long now = System.currentTimeMillis();
            try (PreparedStatement p = db.prepareStatement("SELECT owner, heartbeat_at FROM claims WHERE hash = ?")) {
                p.setString(1, hash);
                ResultSet rs = p.executeQuery();
                if (rs.next() && !isStale(rs.getString(1), rs.getLong(2), now)) {
                    return Claim.HELD_ELSEWHERE;
                }
            }
            try (PreparedStatement p = db.prepareStatement(
                    "INSERT OR REPLACE INTO claims(hash, owner, claimed_at, heartbeat_at) VALUES (?, ?, ?, ?)")) {
                p.setString(1, hash);
                p.setString(2, owner);
                p.setLong(3, now);
                p.setLong(4, now);
                p.executeUpdate();
            }
            return Claim.CLAIMED;
        });
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

    /** Gives up this owner's claim without an outcome (cancelled, or the executor threw). */
    public synchronized void release(String hash) {
        transaction(() -> {
            try (PreparedStatement p = db.prepareStatement("DELETE FROM claims WHERE hash = ? AND owner = ?")) {
                p.setString(1, hash);
                p.setString(2, owner);
                p.executeUpdate();
            }
            return null;
        });
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
        return transaction(() -> {
            boolean inserted = insert(spec, result, provenance, null);
            try (PreparedStatement p = db.prepareStatement("DELETE FROM claims WHERE hash = ? AND owner = ?")) {
                p.setString(1, hash);
                p.setString(2, owner);
                p.executeUpdate();
            }
            return inserted;
        });
    }

    private boolean insert(TrialSpec spec, TrialResult result, Provenance provenance, String derivedFrom)
            throws SQLException {
        String hash = CanonicalHash.trial(spec);
        try (PreparedStatement p = db.prepareStatement("""
                INSERT OR IGNORE INTO trials(hash, spec_text, group_name, format, distribution, max_length,
                  train_size, model_kind, model_layers, model_width, model_heads, model_embedding,
                  model_normalize_state, learning_rate, seed, steps, batch_size, epsilon, eval_every,
                  probe_max_length, success, steps_run, best_validation_loss, validation_accuracy,
                  accuracy_by_length, wall_millis, parameter_count, failure_reason, tool_version, git_commit,
                  host, threads, started_at, finished_at, ensemble_size, ensemble_member, derived_from)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""")) {
            int i = 1;
            p.setString(i++, hash);
            p.setString(i++, CanonicalHash.trialText(spec));
            p.setString(i++, spec.group());
            p.setString(i++, spec.format().id());
            p.setString(i++, spec.distribution().id());
            p.setInt(i++, spec.maxLength());
            p.setLong(i++, spec.trainSize());
            ModelSpec m = spec.model();
            p.setString(i++, m.kind().id());
            p.setInt(i++, m.layers());
            p.setInt(i++, m.width());
            p.setInt(i++, m.heads());
            p.setInt(i++, m.embedding());
            p.setInt(i++, m.normalizeState() ? 1 : 0);
            p.setDouble(i++, spec.learningRate());
            p.setLong(i++, spec.seed());
            p.setInt(i++, spec.steps());
            p.setInt(i++, spec.batchSize());
            p.setDouble(i++, spec.epsilon());
            p.setInt(i++, spec.evalEvery());
            p.setInt(i++, spec.probeMaxLength());
            p.setInt(i++, result.success() ? 1 : 0);
            p.setInt(i++, result.steps());
            setFinite(p, i++, result.bestValidationLoss());
            setFinite(p, i++, result.validationAccuracy());
            p.setString(i++, accuracyJson(result.accuracyByLength()));
            p.setLong(i++, result.wallMillis());
            p.setLong(i++, result.parameterCount());
            p.setString(i++, result.failureReason());
            p.setString(i++, provenance.toolVersion());
            p.setString(i++, provenance.gitCommit());
            p.setString(i++, provenance.host());
            p.setInt(i++, provenance.threads());
            p.setString(i++, provenance.startedAt().toString());
            p.setString(i++, provenance.finishedAt().toString());
            p.setInt(i++, provenance.ensembleSize());
            p.setInt(i++, provenance.ensembleMember());
            p.setString(i, derivedFrom);
            return p.executeUpdate() == 1;
        }
    }

    // ---- searches ----

    /** Marks a search as started; a replay after a resume overwrites the earlier trace. */
    public synchronized void beginSearch(String searchId, String label, long nMax) {
        transaction(() -> {
            try (PreparedStatement p = db.prepareStatement("""
                    INSERT OR REPLACE INTO searches(search_id, label, n_max, stop_reason, n_star, largest_failing,
                      updated_at) VALUES (?, ?, ?, NULL, NULL, NULL, ?)""")) {
                p.setString(1, searchId);
                p.setString(2, label);
                p.setLong(3, nMax);
                p.setString(4, Instant.now().toString());
                p.executeUpdate();
            }
            deleteTrace(searchId);
            return null;
        });
    }

    public synchronized void recordSearchStep(String searchId, SearchStep step) {
        transaction(() -> {
            insertStep(searchId, step);
            return null;
        });
    }

    /** Stores the outcome and rewrites the whole trace, so the stored trace is exactly the result's. */
    public synchronized void finishSearch(String searchId, SearchResult result) {
        transaction(() -> {
            deleteTrace(searchId);
            for (SearchStep step : result.trace()) {
                insertStep(searchId, step);
            }
            try (PreparedStatement p = db.prepareStatement("""
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

    public synchronized Optional<StoredSearch> search(String searchId) {
        try (PreparedStatement p = db.prepareStatement("SELECT * FROM searches WHERE search_id = ?")) {
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

    private List<SearchStep> loadTrace(String searchId) throws SQLException {
        List<SearchStep> steps = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement(
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
        try (PreparedStatement p = db.prepareStatement("""
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
            Optional<StoredTrial> trial = find(row[0]);
            outcomes.add(new TrialOutcome(row[0], trial.map(StoredTrial::spec).orElse(null), status,
                    status == TrialOutcome.Status.CANCELLED ? null : trial.map(StoredTrial::result).orElse(null)));
        }
        return outcomes;
    }

    private void insertStep(String searchId, SearchStep step) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("""
                INSERT OR REPLACE INTO search_steps(search_id, step_index, phase, train_size, success)
                VALUES (?, ?, ?, ?, ?)""")) {
            p.setString(1, searchId);
            p.setInt(2, step.index());
            p.setString(3, step.phase().id());
            p.setLong(4, step.trainSize());
            p.setInt(5, step.success() ? 1 : 0);
            p.executeUpdate();
        }
        try (PreparedStatement p = db.prepareStatement("""
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
            try (PreparedStatement p = db.prepareStatement("DELETE FROM " + table + " WHERE search_id = ?")) {
                p.setString(1, searchId);
                p.executeUpdate();
            }
        }
    }

    // ---- plumbing ----

    private synchronized void beat() {
        try (PreparedStatement p = db.prepareStatement("UPDATE claims SET heartbeat_at = ? WHERE owner = ?")) {
            p.setLong(1, System.currentTimeMillis());
            p.setString(2, owner);
            p.executeUpdate();
        } catch (SQLException e) {
            // A missed beat is retried at the next period; only a long outage makes claims stale.
        }
    }

    @Override
    public synchronized void close() {
        heartbeat.shutdownNow();
        try {
            try (PreparedStatement p = db.prepareStatement("DELETE FROM claims WHERE owner = ?")) {
                p.setString(1, owner);
                p.executeUpdate();
            }
            db.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close run store: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement p) throws SQLException;
    }

    private <T> T transaction(Work<T> work) {
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

    private List<StoredTrial> query(String sql, Binder binder) {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            binder.bind(p);
            ResultSet rs = p.executeQuery();
            List<StoredTrial> trials = new ArrayList<>();
            while (rs.next()) {
                trials.add(readTrial(rs));
            }
            return trials;
        } catch (SQLException e) {
            throw new IllegalStateException("run store: " + e.getMessage(), e);
        }
    }

    private static StoredTrial readTrial(ResultSet rs) throws SQLException {
        ModelSpec model = new ModelSpec(ModelKind.parse(rs.getString("model_kind")), rs.getInt("model_layers"),
                rs.getInt("model_width"), rs.getInt("model_heads"), rs.getInt("model_embedding"),
                rs.getInt("model_normalize_state") == 1);
        TrialSpec spec = new TrialSpec(rs.getString("group_name"), Format.parse(rs.getString("format")),
                LengthDistribution.parse(rs.getString("distribution")), rs.getInt("max_length"),
                rs.getLong("train_size"), model, rs.getDouble("learning_rate"), rs.getLong("seed"),
                rs.getInt("steps"), rs.getInt("batch_size"), rs.getDouble("epsilon"), rs.getInt("eval_every"),
                rs.getInt("probe_max_length"));
        TrialResult result = new TrialResult(rs.getInt("success") == 1, rs.getInt("steps_run"),
                finiteOrNaN(rs, "best_validation_loss"), finiteOrNaN(rs, "validation_accuracy"),
                rs.getLong("wall_millis"), rs.getLong("parameter_count"), rs.getString("failure_reason"),
                parseAccuracy(rs.getString("accuracy_by_length")));
        Provenance provenance = new Provenance(rs.getString("tool_version"), rs.getString("git_commit"),
                rs.getString("host"), rs.getInt("threads"), rs.getInt("ensemble_size"), rs.getInt("ensemble_member"),
                Instant.parse(rs.getString("started_at")),
                Instant.parse(rs.getString("finished_at")));
        return new StoredTrial(rs.getString("hash"), spec, result, provenance);
    }

    /** SQLite has no NaN or infinity: a loss that was never finite is stored as NULL. */
    private static void setFinite(PreparedStatement p, int index, double value) throws SQLException {
        if (Double.isFinite(value)) {
            p.setDouble(index, value);
        } else {
            p.setNull(index, Types.REAL);
        }
    }

    private static double finiteOrNaN(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }

    private static String accuracyJson(Map<Integer, Double> accuracy) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(accuracy == null ? Map.of() : accuracy));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<Integer, Double> parseAccuracy(String json) {
        try {
            return JSON.readValue(json, new TypeReference<TreeMap<Integer, Double>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt accuracy_by_length: " + json, e);
        }
    }
}
