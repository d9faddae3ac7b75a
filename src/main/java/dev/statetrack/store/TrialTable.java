package dev.statetrack.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.statetrack.model.ModelSpec;
import dev.statetrack.task.Format;
import dev.statetrack.task.LengthDistribution;
import dev.statetrack.train.CurvePoint;
import dev.statetrack.train.PruneRule;
import dev.statetrack.train.TrialResult;
import dev.statetrack.train.TrialSpec;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import static dev.statetrack.store.Sql.finiteOrNaN;
import static dev.statetrack.store.Sql.setFinite;

/** The {@code trials} table: one row per finished trial, its specification, outcome and provenance. */
final class TrialTable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Sql sql;
    private final CurveTable curves;

    TrialTable(Sql sql) {
        this.sql = sql;
        this.curves = new CurveTable(sql);
    }

    Optional<StoredTrial> find(String hash) {
        return withCurves(sql.query("SELECT * FROM trials WHERE hash = ?", p -> p.setString(1, hash),
                TrialTable::readTrial), curves::of).stream().findFirst();
    }

    List<StoredTrial> all() {
        Map<String, List<CurvePoint>> byHash = curves.all();
        return withCurves(sql.query("SELECT * FROM trials ORDER BY started_at, hash", p -> { }, TrialTable::readTrial),
                hash -> byHash.getOrDefault(hash, List.of()));
    }

    private static List<StoredTrial> withCurves(List<StoredTrial> trials, Function<String, List<CurvePoint>> curveOf) {
        return trials.stream().map(t -> new StoredTrial(t.hash(), t.spec(),
                t.result().withCurve(curveOf.apply(t.curveHash())), t.provenance(), t.derivedFrom())).toList();
    }

    long count() {
        return sql.query("SELECT COUNT(*) FROM trials", p -> { }, rs -> rs.getLong(1)).get(0);
    }

    boolean contains(String hash) {
        return !sql.query("SELECT 1 FROM trials WHERE hash = ?", p -> p.setString(1, hash), rs -> true).isEmpty();
    }

    /**
     * Stores and returns the outcome of {@code spec} when a trained trial that differs from it only in
     * its step budget already shows it: one that succeeded, or was pruned, at an evaluation both budgets
     * share (a multiple of the evaluation cadence, within both budgets; a pruning strictly before the
     * other budget's end, where that run would still evaluate and stop). A run stops at its first
     * evaluation below ε or at its rule's verdict, and nothing before that depends on the budget (data
     * order, initialisation and updates are the seed's; the rule reads only the curve so far), so the two
     * runs are the same run up to there and the outcome is the same. A failure that ran its whole budget
     * says nothing about a larger one and is never used. The derived row has the source's result and
     * provenance, no wall time of its own (no training was done for it) and the source's hash in
     * {@code derived_from}.
     */
    Optional<StoredTrial> deriveFromOtherBudget(TrialSpec spec) {
        String hash = CanonicalHash.trial(spec);
        List<StoredTrial> candidates = sql.query("""
                SELECT * FROM trials WHERE derived_from IS NULL AND steps <> ? AND steps_run % eval_every = 0
                  AND ((success = 1 AND steps_run <= ?)
                    OR (success = 0 AND steps_run < steps AND steps_run < ?))
                  AND group_name = ? AND format = ? AND distribution = ? AND max_length = ? AND train_size = ?
                  AND model_kind = ? AND seed = ? AND eval_every = ? ORDER BY started_at, hash""", p -> {
            int i = 1;
            p.setInt(i++, spec.steps());
            p.setInt(i++, spec.steps());
            p.setInt(i++, spec.steps());
            p.setString(i++, spec.group());
            p.setString(i++, spec.format().id());
            p.setString(i++, spec.distribution().id());
            p.setInt(i++, spec.maxLength());
            p.setLong(i++, spec.trainSize());
            p.setString(i++, spec.model().kind());
            p.setLong(i++, spec.seed());
            p.setInt(i, spec.evalEvery());
        }, TrialTable::readTrial);
        for (StoredTrial source : candidates) {
            // the same trial but for the budget, under this tool's trial identity (not an older version's)
            boolean sameTrial = source.hash().equals(CanonicalHash.trial(source.spec()))
                    && CanonicalHash.trial(source.spec().withSteps(spec.steps())).equals(hash);
            TrialResult r = source.result();
            if (sameTrial && (r.success() || PruneRule.isPruned(r.failureReason()))) {
                TrialResult derived = new TrialResult(r.success(), r.steps(), r.bestValidationLoss(),
                        r.validationAccuracy(), 0, r.parameterCount(), r.failureReason(), r.accuracyByLength(),
                        List.of(), r.trainedOn());
                sql.transaction(() -> insert(spec, derived, source.provenance(), source.hash()));
                return find(hash);
            }
        }
        return Optional.empty();
    }

    /** @return false if the trial was already stored (the first outcome is kept) */
    boolean insert(TrialSpec spec, TrialResult result, Provenance provenance, String derivedFrom)
            throws SQLException {
        String hash = CanonicalHash.trial(spec);
        try (PreparedStatement p = sql.prepare("""
                INSERT OR IGNORE INTO trials(hash, spec_text, group_name, format, distribution, max_length,
                  train_size, model_kind, model_layers, model_width, model_heads, model_embedding,
                  model_normalize_state, model_options, learning_rate, seed, steps, batch_size, epsilon, eval_every,
                  probe_max_length, success, steps_run, best_validation_loss, validation_accuracy,
                  accuracy_by_length, wall_millis, parameter_count, failure_reason, tool_version, git_commit,
                  host, threads, started_at, finished_at, ensemble_size, ensemble_member, derived_from, prune,
                  trained_on)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""")) {
            int i = 1;
            p.setString(i++, hash);
            p.setString(i++, CanonicalHash.trialText(spec));
            p.setString(i++, spec.group());
            p.setString(i++, spec.format().id());
            p.setString(i++, spec.distribution().id());
            p.setInt(i++, spec.maxLength());
            p.setLong(i++, spec.trainSize());
            ModelSpec m = spec.model();
            p.setString(i++, m.kind());
            p.setInt(i++, m.layers());
            p.setInt(i++, m.width());
            p.setInt(i++, m.heads());
            p.setInt(i++, m.embedding());
            p.setInt(i++, m.normalizeState() ? 1 : 0);
            p.setString(i++, m.options().isEmpty() ? null : optionsJson(m.options()));
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
            p.setString(i++, derivedFrom);
            p.setString(i++, spec.prune() == null ? null : spec.prune().text());
            p.setString(i, result.trainedOn());
            boolean inserted = p.executeUpdate() == 1;
            if (inserted && derivedFrom == null) {
                curves.insert(hash, result.curve());
            }
            return inserted;
        }
    }

    private static StoredTrial readTrial(ResultSet rs) throws SQLException {
        String prune = rs.getString("prune");
        String options = rs.getString("model_options");
        ModelSpec model = new ModelSpec(rs.getString("model_kind"), rs.getInt("model_layers"),
                rs.getInt("model_width"), rs.getInt("model_heads"), rs.getInt("model_embedding"),
                rs.getInt("model_normalize_state") == 1, options == null ? null : parseOptions(options));
        TrialSpec spec = new TrialSpec(rs.getString("group_name"), Format.parse(rs.getString("format")),
                LengthDistribution.parse(rs.getString("distribution")), rs.getInt("max_length"),
                rs.getLong("train_size"), model, rs.getDouble("learning_rate"), rs.getLong("seed"),
                rs.getInt("steps"), rs.getInt("batch_size"), rs.getDouble("epsilon"), rs.getInt("eval_every"),
                rs.getInt("probe_max_length"), prune == null ? null : PruneRule.parse(prune));
        TrialResult result = new TrialResult(rs.getInt("success") == 1, rs.getInt("steps_run"),
                finiteOrNaN(rs, "best_validation_loss"), finiteOrNaN(rs, "validation_accuracy"),
                rs.getLong("wall_millis"), rs.getLong("parameter_count"), rs.getString("failure_reason"),
                parseAccuracy(rs.getString("accuracy_by_length")), List.of(), rs.getString("trained_on"));
        Provenance provenance = new Provenance(rs.getString("tool_version"), rs.getString("git_commit"),
                rs.getString("host"), rs.getInt("threads"), rs.getInt("ensemble_size"), rs.getInt("ensemble_member"),
                Instant.parse(rs.getString("started_at")),
                Instant.parse(rs.getString("finished_at")));
        return new StoredTrial(rs.getString("hash"), spec, result, provenance, rs.getString("derived_from"));
    }

    /** A model's further options as one JSON object (key order is the spec's: sorted). */
    private static String optionsJson(Map<String, String> options) {
        try {
            return JSON.writeValueAsString(options);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TreeMap<String, String> parseOptions(String json) {
        try {
            return JSON.readValue(json, new TypeReference<TreeMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("run store: unreadable model_options " + json, e);
        }
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
