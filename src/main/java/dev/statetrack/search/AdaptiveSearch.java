package dev.statetrack.search;

import dev.statetrack.search.SearchResult.StopReason;
import dev.statetrack.search.SearchStep.Phase;
import dev.statetrack.search.ThresholdPosterior.Credible;
import dev.statetrack.search.ThresholdPosterior.Design;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The adaptive N* search ({@code search: {method: adaptive}}): N* as the threshold of a success curve in
 * log N, estimated by a Bayesian adaptive design (STUDY.md, "Beyond the paper"). It reads top to bottom:
 *
 * <ol>
 *   <li>start from the flat prior ({@link ThresholdPosterior}) and update it on every stored trial of the
 *       cell (given as {@link Phase#STORED} steps: trials of a bracket search on the same folder, of an
 *       earlier adaptive run, any seed), so nothing the store holds is trained again;</li>
 *   <li>train the grid's m configurations at N_max (those the store does not hold there), the bracket
 *       search's first step; if none of them succeeds, stop as not learnable within budget, the paper's
 *       verdict on the paper's evidence. (Left to the design, a cell that is not learnable cost 12 failures
 *       before N*_any's interval cleared N_max, three times the bracket search's 4: studies/README.md.)</li>
 *   <li>stop when the 95% interval of N*₅₀ is narrow enough, upper ≤ (1 + tolerance)²·lower: N*₅₀ is then
 *       known within a factor 1 + tolerance either side of the interval's geometric centre, the bracket
 *       search's resolution on each side (its bracket has hi ≤ (1 + tolerance)·lo and reports hi);</li>
 *   <li>stop as not learnable within budget when even N*_any's interval lies above N_max;</li>
 *   <li>stop when even N*₅₀'s interval lies above N_max: the grid's average configuration then succeeds with
 *       probability below ½ at every size the search may train, and more trials there would not narrow it to
 *       the tolerance (on the quick preset's LSTM Z5 outcome cell they spent the rest of the budget at and
 *       near N_max: studies/README.md);</li>
 *   <li>stop when the rounds have asked for max-trials configurations;</li>
 *   <li>otherwise choose the next size N among {@link #CANDIDATES} integer sizes spread in log N over
 *       [1, N_max] and the number k of configurations to train there (1 to the grid's m, within the
 *       budget left) that gain the most expected entropy of ln N*₅₀ per trial
 *       ({@link ThresholdPosterior#bestDesign}); train them as one ensemble, update, and go to 2.</li>
 * </ol>
 *
 * A size whose outcome the posterior already knows gains nothing, so it is never chosen while any other
 * is uncertain. The result's N* is the posterior median of N*_any (the size at which some of the m
 * configurations succeeds with probability ½, the paper's notion), rounded, within [1, N_max]; its largest
 * failure is 0, since an adaptive search has no bracket ({@link SearchResult#bracketed()}). Intervals come
 * from {@link #replay} of the stored trace: the path is a function of the outcomes alone, so a replay gives
 * the posterior of every round, and a resumed search, which gets each trial it already trained from the
 * store, takes the same path.
 */
public final class AdaptiveSearch {

    /** Candidate sizes per search: a factor N_max^(1/40) apart, 1.17 for the quick preset's 620. */
    public static final int CANDIDATES = 41;

    /** Trains {@code count} configurations at one size that the search has not seen there yet. */
    @FunctionalInterface
    public interface RoundTrial {
        SearchStep trainAt(int index, long trainSize, int count);
    }

    private final SearchSettings settings;
    private final int configurations;
    private final double anyLevel;

    /**
     * @param configurations m, the grid's configurations (learning rates × seeds): the most one round trains
     * @param anyLevel       the success probability of one configuration at which some of the m succeeds
     *                       with probability ½ (1 − 2^(−1/m))
     */
    public AdaptiveSearch(SearchSettings settings, int configurations, double anyLevel) {
        if (!settings.adaptive()) {
            throw new IllegalArgumentException("an adaptive search needs search method adaptive");
        }
        this.settings = settings;
        this.configurations = configurations;
        this.anyLevel = anyLevel;
    }

    /**
     * @param stored the cell's stored trials as {@link Phase#STORED} steps, one per size; the posterior starts
     *               from them
     * @param onStep sees each round as soon as it is trained, so a trace survives an interrupted search
     */
    public SearchResult run(long nMax, List<SearchStep> stored, RoundTrial trial, Consumer<SearchStep> onStep) {
        if (nMax < 1) {
            throw new IllegalArgumentException("N_max must be at least 1, got " + nMax);
        }
        ThresholdPosterior posterior = ThresholdPosterior.prior(nMax, settings.tolerance());
        List<SearchStep> trace = new ArrayList<>(stored);
        stored.forEach(step -> observe(posterior, step));
        long[] candidates = ThresholdPosterior.candidateSizes(nMax, CANDIDATES);
        int asked = 0;
        List<SearchStep> atNMax = new ArrayList<>(trace.stream().filter(step -> step.trainSize() == nMax).toList());
        int missing = configurations - atNMax.stream().mapToInt(step -> observed(step).size()).sum();
        if (missing > 0) {
            SearchStep step = trial.trainAt(trace.size(), nMax, Math.min(missing, settings.maxTrials()));
            asked += step.trials().size();
            observe(posterior, step);
            trace.add(step);
            onStep.accept(step);
            atNMax.add(step);
        }
        if (atNMax.stream().flatMap(step -> observed(step).stream()).noneMatch(TrialOutcome::succeeded)) {
            return new SearchResult(nMax, 0, 0, StopReason.NOT_LEARNABLE, trace);
        }
        while (true) {
            Credible median = posterior.median();
            Credible any = posterior.sizeAt(anyLevel);
            if (any.lower() > nMax) {
                return new SearchResult(nMax, 0, 0, StopReason.NOT_LEARNABLE, trace);
            }
            StopReason reason = narrowEnough(median, settings.tolerance()) ? StopReason.CREDIBLE
                    : median.lower() > nMax ? StopReason.ABOVE_BUDGET
                    : asked >= settings.maxTrials() ? StopReason.TRIAL_LIMIT : null;
            if (reason != null) {
                long nStar = Math.max(1, Math.min(nMax, Math.round(any.estimate())));
                return new SearchResult(nMax, nStar, 0, reason, trace);
            }
            Design design = posterior.bestDesign(candidates,
                    Math.min(configurations, settings.maxTrials() - asked));
            SearchStep step = trial.trainAt(trace.size(), design.trainSize(), design.count());
            asked += design.count();
            observe(posterior, step);
            trace.add(step);
            onStep.accept(step);
        }
    }

    /** The stopping rule: the 95% interval's upper end within (1 + tolerance)² of its lower end. */
    public static boolean narrowEnough(Credible median, double tolerance) {
        return median.upper() <= (1 + tolerance) * (1 + tolerance) * median.lower();
    }

    /** The posterior after the given steps, as the search saw it after its last one. */
    public static ThresholdPosterior replay(long nMax, double tolerance, List<SearchStep> steps) {
        ThresholdPosterior posterior = ThresholdPosterior.prior(nMax, tolerance);
        steps.forEach(step -> observe(posterior, step));
        return posterior;
    }

    /** The 95% interval of N*₅₀ after each step of a trace, in order: the path a report shows. */
    public static List<Credible> intervalsAfterEachStep(long nMax, double tolerance, List<SearchStep> steps) {
        ThresholdPosterior posterior = ThresholdPosterior.prior(nMax, tolerance);
        List<Credible> intervals = new ArrayList<>();
        for (SearchStep step : steps) {
            observe(posterior, step);
            intervals.add(posterior.median());
        }
        return intervals;
    }

    /** Every outcome of a step (cancelled trials are none; a pruned trial is a failure like any other). */
    private static void observe(ThresholdPosterior posterior, SearchStep step) {
        observed(step).forEach(t -> posterior.update(step.trainSize(), t.succeeded()));
    }

    private static List<TrialOutcome> observed(SearchStep step) {
        return step.trials().stream()
                .filter(t -> t.status() != TrialOutcome.Status.CANCELLED && t.result() != null)
                .toList();
    }
}
