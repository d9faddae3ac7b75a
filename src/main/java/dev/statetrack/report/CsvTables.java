package dev.statetrack.report;

import dev.statetrack.analysis.BudgetCheck;
import dev.statetrack.analysis.IntervalEstimate;
import dev.statetrack.analysis.LengthGeneralisation;
import dev.statetrack.analysis.SharingFactor;
import dev.statetrack.analysis.SuccessRates;
import dev.statetrack.model.ModelSpec;
import dev.statetrack.search.SearchResult;
import dev.statetrack.search.TrialOutcome;
import dev.statetrack.store.AtomicFile;
import dev.statetrack.store.CanonicalHash;
import dev.statetrack.store.StoredSearch;
import dev.statetrack.store.StoredTrial;
import dev.statetrack.study.StudyPlan;
import dev.statetrack.study.StudyResults;
import dev.statetrack.train.CurvePoint;
import dev.statetrack.train.TrialSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Machine-readable tables (RFC 4180, header row, numbers unformatted). Statuses rather than numbers
 * mark what is not a measurement: n_star is empty unless status is {@code learnt}.
 */
final class CsvTables {

    private CsvTables() {
    }

    static List<Path> write(Path dir, StudyResults results, List<StoredTrial> trials) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(write(dir.resolve("nstar.csv"), nStar(results)));
        if (!results.plan().kappaTargets().isEmpty()) {
            files.add(write(dir.resolve("kappa.csv"), kappa(results)));
        }
        if (!results.plan().probes().isEmpty()) {
            files.add(write(dir.resolve("length_generalisation.csv"), generalisation(results)));
        }
        files.add(write(dir.resolve("trials.csv"), trials(trials)));
        files.add(write(dir.resolve("curves.csv"), curves(trials)));
        return files;
    }

    /** Every search of the study (grid and κ terms). */
    private static List<List<Object>> nStar(StudyResults results) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("search_id", "model", "format", "distribution", "group", "group_order", "max_length",
                "n_max", "status", "n_star", "largest_failing", "stop_reason", "sample_sizes_tried", "in_grid",
                "budget_check", "n_star_doubled_steps", "budget_check_search_id", "search_method", "interval_kind",
                "n_star_50", "n_star_50_lower", "n_star_50_upper", "n_star_any", "n_star_any_lower",
                "n_star_any_upper"));
        List<StudyPlan.PlannedSearch> grid = results.plan().gridSearches();
        for (StudyPlan.PlannedSearch s : results.plan().searches()) {
            Optional<StoredSearch> stored = results.search(s);
            SearchResult r = stored.map(StoredSearch::result).orElse(null);
            BudgetCheck check = results.budgetCheck(s);
            String status = stored.isEmpty() ? "not-run" : r == null ? "unfinished"
                    : r.learnable() ? "learnt" : "not-learnable-within-budget";
            List<Object> row = new ArrayList<>(List.of(s.searchId(), s.cell().model().name(), s.cell().format().id(),
                    s.cell().distribution().id(), s.cell().group(), results.plan().groupOrder(s.cell().group()),
                    s.cell().maxLength(), s.nMax(), status, r != null && r.learnable() ? r.nStar() : "",
                    r != null && r.largestFailing() > 0 ? r.largestFailing() : "",
                    r == null ? "" : r.stopReason().id(), stored.map(st -> st.trace().size()).orElse(0),
                    grid.contains(s), check.status().id(), check.nStarDoubled() > 0 ? check.nStarDoubled() : "",
                    results.plan().budgetCheck(s).map(StudyPlan.PlannedSearch::searchId).orElse(""),
                    results.plan().spec().search().method().id()));
            row.addAll(intervals(results, s));
            rows.add(row);
        }
        return rows;
    }

    /**
     * N*₅₀ and N*_any with their 95% intervals where the study measures them: "bootstrap" (success-rate mode,
     * over configurations) or "credible" (adaptive search, posterior); empty otherwise, "inf" for a bound the
     * curve never reaches.
     */
    private static List<Object> intervals(StudyResults results, StudyPlan.PlannedSearch s) {
        Optional<SuccessRates> rates = results.successRates(s);
        if (rates.isEmpty()) {
            return List.of("", "", "", "", "", "", "");
        }
        IntervalEstimate median = rates.get().median();
        IntervalEstimate any = rates.get().anyOfGrid();
        return List.of(results.plan().spec().search().adaptive() ? "credible" : "bootstrap", bound(median.estimate()),
                bound(median.lower()), bound(median.upper()), bound(any.estimate()), bound(any.lower()),
                bound(any.upper()));
    }

    /**
     * One row per κ, with the range its terms' brackets allow (lower, upper); n_star_fixed_N and n_star_joint
     * hold each term: the number when learnt, "<=N*" when its search never saw a failure, ">N_max" when not
     * learnable within budget, empty when unfinished or when N exceeds the row's L.
     */
    private static List<List<Object>> kappa(StudyResults results) {
        int longest = ReportBuilder.longestKappaLength(results.plan());
        List<Object> header = new ArrayList<>(List.of("model", "format", "group", "max_length", "kind", "value",
                "lower", "upper", "explanation"));
        for (int n = 2; n <= longest; n++) {
            header.add("n_star_fixed_" + n);
        }
        header.addAll(List.of("n_star_joint", "fixed_search_ids", "joint_search_id", "interval_kind",
                "interval_estimate", "interval_lower", "interval_upper", "from_3_kind", "from_3_value",
                "from_3_lower", "from_3_upper"));
        List<List<Object>> rows = new ArrayList<>();
        rows.add(header);
        for (StudyPlan.KappaTarget t : results.plan().kappaTargets()) {
            SharingFactor k = results.kappa(t);
            List<Object> row = new ArrayList<>(List.of(t.model().name(), t.format().id(), t.group(), t.maxLength(),
                    k.kind().name().toLowerCase(Locale.ROOT), Double.isNaN(k.value()) ? "" : k.value(),
                    bound(k.lower()), bound(k.upper()), k.explanation()));
            for (int n = 2; n <= longest; n++) {
                row.add(n <= t.maxLength() ? term(results, t.fixedByLength().get(n - 2)) : "");
            }
            row.add(term(results, t.joint()));
            row.add(t.fixedByLength().stream().map(StudyPlan.PlannedSearch::searchId).collect(Collectors.joining(" ")));
            row.add(t.joint().searchId());
            Optional<IntervalEstimate> interval = results.kappaInterval(t);
            row.add(interval.isEmpty() ? "" : results.plan().spec().search().adaptive() ? "credible" : "bootstrap");
            row.add(interval.map(i -> bound(i.estimate())).orElse(""));
            row.add(interval.map(i -> bound(i.lower())).orElse(""));
            row.add(interval.map(i -> bound(i.upper())).orElse(""));
            Optional<SharingFactor> fromThree = results.kappaFromThree(t);
            row.add(fromThree.map(f -> (Object) f.kind().name().toLowerCase(Locale.ROOT)).orElse(""));
            row.add(fromThree.map(f -> bound(f.value())).orElse(""));
            row.add(fromThree.map(f -> bound(f.lower())).orElse(""));
            row.add(fromThree.map(f -> bound(f.upper())).orElse(""));
            rows.add(row);
        }
        return rows;
    }

    private static Object term(StudyResults results, StudyPlan.PlannedSearch s) {
        return results.result(s).map(r -> r.learnable() ? (r.unbracketed() ? "<=" + r.nStar() : (Object) r.nStar())
                : ">" + r.nMax()).orElse("");
    }

    /** The range's ends: empty when undefined, "inf" when open above. */
    private static Object bound(double v) {
        return Double.isNaN(v) ? "" : Double.isInfinite(v) ? "inf" : v;
    }

    /** One row per configuration and probed length; {@code chosen} marks the reported configuration. */
    private static List<List<Object>> generalisation(StudyResults results) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("model", "format", "group", "group_order", "max_length", "train_size", "trial_hash",
                "learning_rate", "seed", "best_validation_loss", "chosen", "length", "accuracy",
                "normalised_accuracy"));
        for (StudyPlan.GeneralisationProbe p : results.plan().probes()) {
            String chosen = results.generalisation(p).map(LengthGeneralisation::chosen).map(TrialOutcome::hash)
                    .orElse("");
            List<TrialOutcome> trials = results.probeTrials(p);
            for (int i = 0; i < trials.size(); i++) {
                TrialOutcome t = trials.get(i);
                if (t == null) {
                    continue;
                }
                TrialSpec spec = p.configurations().get(i);
                for (var e : t.result().accuracyByLength().entrySet()) {
                    rows.add(List.of(p.model().name(), p.format().id(), p.group(), p.groupOrder(), p.maxLength(),
                            p.trainSize(), t.hash(), spec.learningRate(), spec.seed(),
                            t.result().bestValidationLoss(), t.hash().equals(chosen), e.getKey(), e.getValue(),
                            LengthGeneralisation.normalise(e.getValue(), p.groupOrder())));
                }
            }
        }
        return rows;
    }

    /** A model's further options as {@code key=value;key=value} (empty for the paper's three models). */
    private static String modelOptions(ModelSpec model) {
        return model.options().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(";"));
    }

    /** Every trial in the run store, with its full specification, outcome and provenance. */
    private static List<List<Object>> trials(List<StoredTrial> trials) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("hash", "group", "format", "distribution", "max_length", "train_size", "model_kind",
                "model_layers", "model_width", "model_heads", "model_embedding", "model_normalize_state",
                "model_options", "learning_rate", "seed", "steps", "batch_size", "epsilon", "eval_every", "probe_max_length",
                "success", "steps_run", "best_validation_loss", "validation_accuracy", "wall_millis",
                "parameter_count", "failure_reason", "tool_version", "git_commit", "host", "threads", "started_at",
                "finished_at", "trained_on"));
        for (StoredTrial t : trials) {
            TrialSpec s = t.spec();
            var r = t.result();
            var p = t.provenance();
            if (!CanonicalHash.trial(s).equals(t.hash())) {
                throw new IllegalStateException("run store row " + t.hash() + " does not match its specification");
            }
            rows.add(List.of(t.hash(), s.group(), s.format().id(), s.distribution().id(), s.maxLength(),
                    s.trainSize(), s.model().kind(), s.model().layers(), s.model().width(), s.model().heads(),
                    s.model().embedding(), s.model().normalizeState(), modelOptions(s.model()), s.learningRate(), s.seed(), s.steps(),
                    s.batchSize(), s.epsilon(), s.evalEvery(), s.probeMaxLength(), r.success(), r.steps(),
                    r.bestValidationLoss(), r.validationAccuracy(), r.wallMillis(), r.parameterCount(),
                    nullToEmpty(r.failureReason()), p.toolVersion(), nullToEmpty(p.gitCommit()), p.host(),
                    p.threads(), p.startedAt(), p.finishedAt(), nullToEmpty(r.trainedOn())));
        }
        return rows;
    }

    /**
     * Every stored trial's learning curve, one row per evaluation: the batch's training loss and the
     * validation loss, each the mean per supervised token. Trials stored before curves were kept have
     * no rows; a trial derived from a run with another budget has that run's curve.
     */
    private static List<List<Object>> curves(List<StoredTrial> trials) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("hash", "model_kind", "model_width", "group", "format", "distribution", "max_length",
                "train_size", "learning_rate", "seed", "steps", "epsilon", "success", "steps_run", "failure_reason",
                "step", "training_loss", "validation_loss"));
        for (StoredTrial t : trials) {
            TrialSpec s = t.spec();
            var r = t.result();
            for (CurvePoint p : r.curve()) {
                rows.add(List.of(t.hash(), s.model().kind(), s.model().width(), s.group(), s.format().id(),
                        s.distribution().id(), s.maxLength(), s.trainSize(), s.learningRate(), s.seed(), s.steps(),
                        s.epsilon(), r.success(), r.steps(), nullToEmpty(r.failureReason()), p.step(),
                        p.trainingLoss(), p.validationLoss()));
            }
        }
        return rows;
    }

    private static Object nullToEmpty(Object value) {
        return value == null ? "" : value;
    }

    private static Path write(Path file, List<List<Object>> rows) throws IOException {
        StringBuilder csv = new StringBuilder();
        for (List<Object> row : rows) {
            csv.append(row.stream().map(CsvTables::field).collect(Collectors.joining(","))).append("\r\n");
        }
        return AtomicFile.writeString(file, csv.toString());
    }

    private static String field(Object value) {
        String text = value instanceof Double d && d.isNaN() ? "" : String.valueOf(value);
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
