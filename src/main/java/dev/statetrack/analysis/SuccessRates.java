package dev.statetrack.analysis;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * How sure one cell's N* is, from the success count at every size its search tried:
 *
 * <ul>
 *   <li>a logistic fit of success probability against log N ({@link LogisticFit});</li>
 *   <li>N*₅₀, where the fitted probability is ½: half the configurations succeed;</li>
 *   <li>N*_any, the N* the search itself estimates (some configuration of the grid succeeds) under the
 *       same model: with m configurations succeeding independently with probability p(N),
 *       P(any) = 1 − (1 − p)^m, which is ½ where p = 1 − 2^(−1/m). That treats the m configurations as
 *       independent, identical draws; they are not (learning rates differ systematically, and the
 *       configurations of one seed share data, data order and initialisation), so N*_any is the grid's
 *       threshold under that simplification, which {@link #ASSUMPTION} states wherever it is printed;</li>
 * </ul>
 * each with an interval from a bootstrap over configurations: resample the m configurations with
 * replacement (each with all its outcomes), recount, refit, and take the expanded percentile interval
 * ({@link IntervalEstimate#expandedPercentile}). The randomness is seeded, so the same
 * store gives the same report.
 */
public final class SuccessRates {

    public static final double CONFIDENCE = 0.95;
    public static final int REPLICATES = 1000;

    /** What N*_any assumes, in one sentence for wherever it is printed. */
    public static final String ASSUMPTION = "N*_any treats the grid's configurations as independent, identical "
            + "draws; they are not (learning rates differ systematically, and configurations with one seed share "
            + "data, data order and initialisation), so compare it with the per-learning-rate counts.";

    private final List<SuccessCount> counts;
    private final int configurations;
    private final LogisticFit fit;
    private final IntervalEstimate median;
    private final IntervalEstimate anyOfGrid;

    private SuccessRates(List<SuccessCount> counts, int configurations, LogisticFit fit, IntervalEstimate median,
                         IntervalEstimate anyOfGrid) {
        this.counts = List.copyOf(counts);
        this.configurations = configurations;
        this.fit = fit;
        this.median = median;
        this.anyOfGrid = anyOfGrid;
    }

    public static SuccessRates of(SuccessTable table, long seed) {
        return of(table, seed, REPLICATES, CONFIDENCE);
    }

    public static SuccessRates of(SuccessTable table, long seed, int replicates, double confidence) {
        int m = table.configurations();
        double anyLevel = anyOfGridLevel(m);
        Optional<LogisticFit> fit = LogisticFit.of(table.counts());
        if (fit.isEmpty()) {
            return new SuccessRates(table.counts(), m, null, IntervalEstimate.UNDEFINED, IntervalEstimate.UNDEFINED);
        }
        double[] medians = new double[replicates];
        double[] anys = new double[replicates];
        SplittableRandom random = new SplittableRandom(seed);
        for (int r = 0; r < replicates; r++) {
            Optional<LogisticFit> refit = LogisticFit.of(table.counts(table.drawConfigurations(random)));
            medians[r] = refit.map(f -> f.sizeAt(0.5)).orElse(Double.NaN);
            anys[r] = refit.map(f -> f.sizeAt(anyLevel)).orElse(Double.NaN);
        }
        return new SuccessRates(table.counts(), m, fit.get(),
                IntervalEstimate.expandedPercentile(fit.get().sizeAt(0.5), medians, m, confidence),
                IntervalEstimate.expandedPercentile(fit.get().sizeAt(anyLevel), anys, m, confidence));
    }

    /**
     * Counts with a curve and intervals estimated elsewhere: an adaptive search's posterior (median curve,
     * 95% credible intervals) shown the way success-rate mode's fit and bootstrap are.
     *
     * @param fit null when there is no curve
     */
    public static SuccessRates ofEstimates(List<SuccessCount> counts, int configurations, LogisticFit fit,
                                           IntervalEstimate median, IntervalEstimate anyOfGrid) {
        return new SuccessRates(counts, configurations, fit, median, anyOfGrid);
    }

    /** The success probability of one configuration at which some of m succeeds with probability ½. */
    public static double anyOfGridLevel(int configurations) {
        return 1 - Math.pow(0.5, 1.0 / configurations);
    }

    public List<SuccessCount> counts() {
        return counts;
    }

    public int configurations() {
        return configurations;
    }

    /** Empty when the search tried a single size (a cell not learnable within budget tries only N_max). */
    public Optional<LogisticFit> fit() {
        return Optional.ofNullable(fit);
    }

    /** N*₅₀ with its interval. */
    public IntervalEstimate median() {
        return median;
    }

    /** N*_any with its interval. */
    public IntervalEstimate anyOfGrid() {
        return anyOfGrid;
    }

    public long smallestSize() {
        return counts.stream().mapToLong(SuccessCount::trainSize).min().orElse(0);
    }

    public long largestSize() {
        return counts.stream().mapToLong(SuccessCount::trainSize).max().orElse(0);
    }
}
