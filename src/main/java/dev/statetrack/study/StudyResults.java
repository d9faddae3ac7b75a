package dev.statetrack.study;

import dev.statetrack.analysis.BudgetCheck;
import dev.statetrack.analysis.IntervalEstimate;
import dev.statetrack.analysis.KappaInterval;
import dev.statetrack.analysis.LengthGeneralisation;
import dev.statetrack.analysis.NStarComparison;
import dev.statetrack.analysis.SharingFactor;
import dev.statetrack.analysis.SuccessCount;
import dev.statetrack.analysis.SuccessRates;
import dev.statetrack.analysis.SuccessTable;
import dev.statetrack.search.SearchResult;
import dev.statetrack.search.SearchStep;
import dev.statetrack.search.TrialOutcome;
import dev.statetrack.store.CanonicalHash;
import dev.statetrack.store.RunStore;
import dev.statetrack.store.StoredSearch;
import dev.statetrack.train.TrialSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the run store holds for a plan: the numbers of the report and the trials behind each. */
public final class StudyResults {

    private final StudyPlan plan;
    private final Map<String, StoredSearch> searches = new HashMap<>();
    private final Map<StudyPlan.GeneralisationProbe, List<TrialOutcome>> probeTrials = new HashMap<>();
    private final Map<String, SuccessTable> successTables = new HashMap<>();
    /** Bootstraps are computed when first asked for: loading results for the cost line needs none. */
    private final Map<String, SuccessRates> successRates = new HashMap<>();

    private StudyResults(StudyPlan plan) {
        this.plan = plan;
    }

    public static StudyResults load(StudyPlan plan, RunStore store) {
        StudyResults results = new StudyResults(plan);
        for (StudyPlan.PlannedSearch s : plan.allSearches()) {
            store.search(s.searchId()).ifPresent(found -> results.searches.put(s.searchId(),
                    withSpecs(found, plan, s)));
            if (plan.spec().search().successRate()) {
                results.search(s).map(StoredSearch::result).ifPresent(result -> results.successTables.put(
                        s.searchId(), successTable(result, plan, s, store)));
            }
        }
        for (StudyPlan.GeneralisationProbe probe : plan.probes()) {
            List<TrialOutcome> outcomes = new ArrayList<>();
            for (TrialSpec spec : probe.configurations()) {
                String hash = CanonicalHash.trial(spec);
                outcomes.add(store.find(hash)
                        .map(t -> new TrialOutcome(hash, spec, TrialOutcome.Status.STORED, t.result()))
                        .orElse(null));
            }
            results.probeTrials.put(probe, outcomes);
        }
        return results;
    }

    /** Every configuration's stored outcome at each size the search tried, whatever its trace recorded. */
    private static SuccessTable successTable(SearchResult result, StudyPlan plan, StudyPlan.PlannedSearch search,
                                             RunStore store) {
        List<Long> sizes = result.trace().stream().map(SearchStep::trainSize).distinct().sorted().toList();
        List<List<Boolean>> byConfiguration = new ArrayList<>();
        for (int c = 0; c < search.training().configurationCount(); c++) {
            byConfiguration.add(new ArrayList<>());
        }
        for (long n : sizes) {
            List<TrialSpec> configurations = plan.configurations(search, n);
            for (int c = 0; c < configurations.size(); c++) {
                byConfiguration.get(c).add(store.find(CanonicalHash.trial(configurations.get(c)))
                        .map(t -> t.result().success()).orElse(null));
            }
        }
        return new SuccessTable(sizes, byConfiguration);
    }

    /** The store keeps no specification for cancelled trials; the plan regenerates it from the hash. */
    private static StoredSearch withSpecs(StoredSearch stored, StudyPlan plan, StudyPlan.PlannedSearch search) {
        List<SearchStep> steps = new ArrayList<>();
        for (SearchStep step : stored.trace()) {
            Map<String, TrialSpec> byHash = new HashMap<>();
            for (TrialSpec spec : plan.configurations(search, step.trainSize())) {
                byHash.put(CanonicalHash.trial(spec), spec);
            }
            List<TrialOutcome> trials = new ArrayList<>();
            for (TrialOutcome t : step.trials()) {
                trials.add(t.spec() != null ? t : new TrialOutcome(t.hash(), byHash.get(t.hash()), t.status(), t.result()));
            }
            steps.add(new SearchStep(step.index(), step.phase(), step.trainSize(), step.success(), trials));
        }
        SearchResult r = stored.result();
        SearchResult result = r == null ? null
                : new SearchResult(r.nMax(), r.nStar(), r.largestFailing(), r.stopReason(), steps);
        return new StoredSearch(stored.searchId(), stored.label(), stored.nMax(), steps, result);
    }

    public StudyPlan plan() {
        return plan;
    }

    /** The stored search, finished or not; empty if it never started. */
    public Optional<StoredSearch> search(StudyPlan.PlannedSearch planned) {
        return Optional.ofNullable(searches.get(planned.searchId()));
    }

    /** The search's result; empty unless it finished. */
    public Optional<SearchResult> result(StudyPlan.PlannedSearch planned) {
        return search(planned).map(StoredSearch::result);
    }

    /** What twice the steps did to this search's N*. */
    public BudgetCheck budgetCheck(StudyPlan.PlannedSearch planned) {
        Optional<StudyPlan.PlannedSearch> check = plan.budgetCheck(planned);
        if (check.isEmpty()) {
            return BudgetCheck.OFF;
        }
        return BudgetCheck.of(result(planned).orElse(null), result(check.get()).orElse(null),
                plan.spec().search().divisor(), plan.spec().search().tolerance());
    }

    public SharingFactor kappa(StudyPlan.KappaTarget target) {
        List<SearchResult> fixed = new ArrayList<>();
        for (StudyPlan.PlannedSearch s : target.fixedByLength()) {
            fixed.add(result(s).orElse(null));
        }
        return SharingFactor.of(fixed, result(target.joint()).orElse(null));
    }

    /**
     * Success rates of a finished search, with the bootstrap seeded by the search id so a report is
     * reproducible; empty unless the study runs in success-rate mode.
     */
    public synchronized Optional<SuccessRates> successRates(StudyPlan.PlannedSearch planned) {
        SuccessTable table = successTables.get(planned.searchId());
        if (table == null) {
            return Optional.empty();
        }
        return Optional.of(successRates.computeIfAbsent(planned.searchId(), id -> SuccessRates.of(table, seed(id))));
    }

    /**
     * κ under the success-rate model with its interval, from a paired bootstrap over the grid's
     * configurations (seeded by the joint's search id); empty unless every term has a finite N*_any.
     */
    public Optional<IntervalEstimate> kappaInterval(StudyPlan.KappaTarget target) {
        List<SuccessTable> fixed = new ArrayList<>();
        for (StudyPlan.PlannedSearch s : target.fixedByLength()) {
            SuccessTable table = successTables.get(s.searchId());
            if (table == null) {
                return Optional.empty();
            }
            fixed.add(table);
        }
        SuccessTable joint = successTables.get(target.joint().searchId());
        return joint == null ? Optional.empty() : KappaInterval.of(fixed, joint, seed(target.joint().searchId()),
                SuccessRates.REPLICATES, SuccessRates.CONFIDENCE);
    }

    /**
     * k of n at each size the search tried, for each learning rate of the grid (its seeds pooled), in grid
     * order; empty unless the study runs in success-rate mode.
     */
    public Map<Double, List<SuccessCount>> successCountsByLearningRate(StudyPlan.PlannedSearch planned) {
        SuccessTable table = successTables.get(planned.searchId());
        Map<Double, List<SuccessCount>> byRate = new LinkedHashMap<>();
        if (table == null) {
            return byRate;
        }
        List<Double> rates = planned.training().learningRates();
        int seeds = planned.training().seeds().size();
        for (int i = 0; i < rates.size(); i++) {
            int[] configurations = new int[seeds];
            for (int j = 0; j < seeds; j++) {
                configurations[j] = i * seeds + j;  // learning rate outer, seed inner (Cell.configurations)
            }
            byRate.put(rates.get(i), table.counts(configurations));
        }
        return byRate;
    }

    /** Every pair of the study's models compared on the N* grid, in the study's order. */
    public List<NStarComparison> comparisons() {
        List<ModelEntry> models = plan.spec().models();
        List<NStarComparison> comparisons = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            for (int j = i + 1; j < models.size(); j++) {
                comparisons.add(compare(models.get(i), models.get(j)));
            }
        }
        return comparisons;
    }

    private NStarComparison compare(ModelEntry first, ModelEntry second) {
        boolean byIntervals = plan.spec().search().successRate();
        List<NStarComparison.CellPair> cells = new ArrayList<>();
        for (StudyPlan.PlannedSearch a : plan.gridSearches()) {
            if (!a.cell().model().equals(first)) {
                continue;
            }
            Optional<StudyPlan.PlannedSearch> b = plan.gridSearches().stream()
                    .filter(s -> s.cell().model().equals(second) && sameSetting(a.cell(), s.cell()))
                    .findFirst();
            Optional<SearchResult> ra = result(a);
            Optional<SearchResult> rb = b.flatMap(this::result);
            if (ra.isPresent() && rb.isPresent()) {
                cells.add(new NStarComparison.CellPair(ra.get(), rb.get(),
                        byIntervals ? Optional.of(anyOfGrid(a)) : Optional.empty(),
                        byIntervals ? Optional.of(anyOfGrid(b.get())) : Optional.empty()));
            }
        }
        return NStarComparison.of(first.name(), second.name(), cells, plan.spec().search().tolerance(), byIntervals);
    }

    private IntervalEstimate anyOfGrid(StudyPlan.PlannedSearch search) {
        return successRates(search).map(SuccessRates::anyOfGrid).orElse(IntervalEstimate.UNDEFINED);
    }

    private static boolean sameSetting(Cell a, Cell b) {
        return a.group().equals(b.group()) && a.format() == b.format() && a.distribution() == b.distribution()
                && a.maxLength() == b.maxLength();
    }

    private static long seed(String searchId) {
        return Long.parseUnsignedLong(searchId.substring(0, 16), 16);
    }

    /** One entry per configuration, in grid order; null where the trial is not stored yet. */
    public List<TrialOutcome> probeTrials(StudyPlan.GeneralisationProbe probe) {
        return probeTrials.getOrDefault(probe, List.of());
    }

    public Optional<LengthGeneralisation> generalisation(StudyPlan.GeneralisationProbe probe) {
        return LengthGeneralisation.of(probeTrials(probe), probe.groupOrder(), probe.maxLength());
    }
}
