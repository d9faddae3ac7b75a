package dev.statetrack.study;

import dev.statetrack.analysis.BudgetCheck;
import dev.statetrack.analysis.IntervalEstimate;
import dev.statetrack.analysis.KappaInterval;
import dev.statetrack.analysis.LengthGeneralisation;
import dev.statetrack.analysis.LogisticFit;
import dev.statetrack.analysis.NStarComparison;
import dev.statetrack.analysis.SharingFactor;
import dev.statetrack.analysis.SuccessCount;
import dev.statetrack.analysis.SuccessRates;
import dev.statetrack.analysis.SuccessTable;
import dev.statetrack.search.AdaptiveSearch;
import dev.statetrack.search.SearchResult;
import dev.statetrack.search.SearchStep;
import dev.statetrack.search.ThresholdPosterior;
import dev.statetrack.search.TrialOutcome;
import dev.statetrack.store.CanonicalHash;
import dev.statetrack.store.RunStore;
import dev.statetrack.store.StoredSearch;
import dev.statetrack.store.StoredTrial;
import dev.statetrack.train.TrialSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Predicate;

/** What the run store holds for a plan: the numbers of the report and the trials behind each. */
public final class StudyResults {

    private final StudyPlan plan;
    private final Map<String, StoredSearch> searches = new HashMap<>();
    private final Map<StudyPlan.GeneralisationProbe, List<TrialOutcome>> probeTrials = new HashMap<>();
    private final Map<String, SuccessTable> successTables = new HashMap<>();
    /** Adaptive searches' posteriors, replayed from their stored traces, by search id. */
    private final Map<String, ThresholdPosterior> posteriors = new HashMap<>();
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
            if (plan.spec().search().adaptive()) {
                results.search(s).map(StoredSearch::result).ifPresent(result -> results.posteriors.put(s.searchId(),
                        AdaptiveSearch.replay(s.nMax(), plan.spec().search().tolerance(), result.trace())));
            }
        }
        for (StudyPlan.GeneralisationProbe probe : plan.probes()) {
            List<TrialOutcome> outcomes = new ArrayList<>();
            for (TrialSpec spec : probe.configurations()) {
                outcomes.add(store.find(CanonicalHash.trial(spec)).map(StoredTrial::outcome).orElse(null));
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

    /**
     * κ from the terms' N*. With adaptive searches whose terms are all learnt, the point value is from the
     * terms' posterior medians of N*_any and the range is κ's 95% credible interval ({@link #kappaInterval}).
     */
    public SharingFactor kappa(StudyPlan.KappaTarget target) {
        List<SearchResult> fixed = new ArrayList<>();
        for (StudyPlan.PlannedSearch s : target.fixedByLength()) {
            fixed.add(result(s).orElse(null));
        }
        SharingFactor brackets = SharingFactor.of(fixed, result(target.joint()).orElse(null));
        if (plan.spec().search().adaptive() && brackets.kind() != SharingFactor.Kind.UNDEFINED
                && brackets.kind() != SharingFactor.Kind.LOWER_BOUND && brackets.kind() != SharingFactor.Kind.UPPER_BOUND) {
            Optional<IntervalEstimate> interval = kappaInterval(target);
            if (interval.isPresent()) {
                return new SharingFactor(SharingFactor.Kind.RANGE, interval.get().estimate(), interval.get().lower(),
                        interval.get().upper(), "adaptive searches: κ from the terms' posterior medians of N*_any, "
                        + "its range the 95% credible interval");
            }
        }
        return brackets;
    }

    /**
     * κ over 3..L, a variant beside the paper's ({@link SharingFactor#of(List, int, SearchResult)}): the
     * fixed terms from n = 3 on over the same joint, from the searches' brackets; empty for L < 3.
     */
    public Optional<SharingFactor> kappaFromThree(StudyPlan.KappaTarget target) {
        if (target.maxLength() < 3) {
            return Optional.empty();
        }
        List<SearchResult> fixed = new ArrayList<>();
        for (StudyPlan.PlannedSearch s : target.fixedByLength().subList(1, target.fixedByLength().size())) {
            fixed.add(result(s).orElse(null));
        }
        return Optional.of(SharingFactor.of(fixed, 3, result(target.joint()).orElse(null)));
    }

    /**
     * Success rates of a finished search, with the bootstrap seeded by the search id so a report is
     * reproducible; for an adaptive search, its posterior's median curve and credible intervals
     * ({@link #adaptiveRates}); empty otherwise.
     */
    public synchronized Optional<SuccessRates> successRates(StudyPlan.PlannedSearch planned) {
        ThresholdPosterior posterior = posteriors.get(planned.searchId());
        if (posterior != null) {
            return Optional.of(successRates.computeIfAbsent(planned.searchId(), id -> adaptiveRates(posterior,
                    result(planned).orElseThrow(), planned.training().configurationCount())));
        }
        SuccessTable table = successTables.get(planned.searchId());
        if (table == null) {
            return Optional.empty();
        }
        return Optional.of(successRates.computeIfAbsent(planned.searchId(), id -> SuccessRates.of(table, seed(id))));
    }

    /**
     * An adaptive search's counts at every size it saw (stored and trained), its posterior's median curve and
     * its 95% credible intervals of N*₅₀ and N*_any.
     */
    private static SuccessRates adaptiveRates(ThresholdPosterior posterior, SearchResult result, int configurations) {
        List<SuccessCount> counts = adaptiveCounts(result, t -> true);
        double level = SuccessRates.anyOfGridLevel(configurations);
        double[] curve = posterior.medianCurve();
        return SuccessRates.ofEstimates(counts, configurations, new LogisticFit(curve[0], curve[1]),
                estimate(posterior.median()), estimate(posterior.sizeAt(level)));
    }

    /** k of n at each size an adaptive search saw, over the trials {@code which} accepts, sizes ascending. */
    private static List<SuccessCount> adaptiveCounts(SearchResult result, Predicate<TrialOutcome> which) {
        Map<Long, int[]> bySize = new TreeMap<>();
        for (SearchStep step : result.trace()) {
            int[] count = bySize.computeIfAbsent(step.trainSize(), n -> new int[2]);
            for (TrialOutcome t : step.trials()) {
                if (t.status() != TrialOutcome.Status.CANCELLED && t.result() != null && which.test(t)) {
                    count[0] += t.succeeded() ? 1 : 0;
                    count[1]++;
                }
            }
        }
        List<SuccessCount> counts = new ArrayList<>();
        bySize.forEach((n, c) -> counts.add(new SuccessCount(n, c[0], c[1])));
        return counts;
    }

    private static IntervalEstimate estimate(ThresholdPosterior.Credible c) {
        return new IntervalEstimate(c.estimate(), c.lower(), c.upper());
    }

    /**
     * κ under the success-rate model with its interval, from a paired bootstrap over the grid's
     * configurations (seeded by the joint's search id); empty unless every term has a finite N*_any. With
     * adaptive searches, from {@link #KAPPA_DRAWS} draws of each term's posterior of N*_any (seeded likewise),
     * the terms drawn independently: each posterior already holds its cell's whole uncertainty, and the
     * terms' trials, chosen by separate designs, are not paired; empty unless every term is learnt.
     */
    public Optional<IntervalEstimate> kappaInterval(StudyPlan.KappaTarget target) {
        if (plan.spec().search().adaptive()) {
            return adaptiveKappaInterval(target);
        }
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

    public static final int KAPPA_DRAWS = 4000;

    private Optional<IntervalEstimate> adaptiveKappaInterval(StudyPlan.KappaTarget target) {
        List<StudyPlan.PlannedSearch> terms = new ArrayList<>(target.fixedByLength());
        terms.add(target.joint());
        double level = SuccessRates.anyOfGridLevel(plan.spec().training().configurationCount());
        SplittableRandom random = new SplittableRandom(seed(target.joint().searchId()));
        double numerator = 0;
        double[] sums = new double[KAPPA_DRAWS];
        double[] joint = null;
        double jointEstimate = Double.NaN;
        for (StudyPlan.PlannedSearch s : terms) {
            ThresholdPosterior posterior = posteriors.get(s.searchId());
            if (posterior == null || !result(s).orElseThrow().learnable()) {
                return Optional.empty();
            }
            double[] draws = posterior.sampleSizeAt(level, random, KAPPA_DRAWS);
            double estimate = posterior.sizeAt(level).estimate();
            if (s == target.joint()) {
                joint = draws;
                jointEstimate = estimate;
            } else {
                numerator += estimate;
                for (int r = 0; r < KAPPA_DRAWS; r++) {
                    sums[r] += draws[r];
                }
            }
        }
        double[] kappas = new double[KAPPA_DRAWS];
        for (int r = 0; r < KAPPA_DRAWS; r++) {
            kappas[r] = sums[r] / joint[r];
        }
        java.util.Arrays.sort(kappas);
        double tail = (1 - SuccessRates.CONFIDENCE) / 2;
        return Optional.of(new IntervalEstimate(numerator / jointEstimate, kappas[(int) Math.floor(tail * KAPPA_DRAWS)],
                kappas[(int) Math.ceil((1 - tail) * KAPPA_DRAWS) - 1]));
    }

    /**
     * k of n at each size the search tried, for each learning rate of the grid (its seeds pooled), in grid
     * order; empty unless the study runs in success-rate mode or searches adaptively (where fresh seeds
     * count with their learning rate).
     */
    public Map<Double, List<SuccessCount>> successCountsByLearningRate(StudyPlan.PlannedSearch planned) {
        Map<Double, List<SuccessCount>> byRate = new LinkedHashMap<>();
        if (posteriors.containsKey(planned.searchId())) {
            SearchResult result = result(planned).orElseThrow();
            for (double rate : planned.training().learningRates()) {
                byRate.put(rate, adaptiveCounts(result, t -> t.spec() != null && t.spec().learningRate() == rate));
            }
            return byRate;
        }
        SuccessTable table = successTables.get(planned.searchId());
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
        boolean byIntervals = plan.spec().search().successRate() || plan.spec().search().adaptive();
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
