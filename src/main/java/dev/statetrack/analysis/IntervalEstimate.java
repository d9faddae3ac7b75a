package dev.statetrack.analysis;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

import java.util.Arrays;

/**
 * A point estimate with a percentile-bootstrap confidence interval. Any of the three may be +∞ (the
 * fitted curve never reaches the level) or NaN (nothing to estimate).
 */
public record IntervalEstimate(double estimate, double lower, double upper) {

    public static final IntervalEstimate UNDEFINED = new IntervalEstimate(Double.NaN, Double.NaN, Double.NaN);

    /**
     * The interval between the (1 − confidence)/2 and (1 + confidence)/2 quantiles of the replicates;
     * NaN replicates (resamples without an estimate) are left out.
     */
    private static IntervalEstimate percentile(double estimate, double[] replicates, double confidence) {
        double[] sorted = Arrays.stream(replicates).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return new IntervalEstimate(estimate, Double.NaN, Double.NaN);
        }
        double tail = (1 - confidence) / 2;
        int lo = (int) Math.floor(tail * sorted.length);
        int hi = (int) Math.ceil((1 - tail) * sorted.length) - 1;
        return new IntervalEstimate(estimate, sorted[Math.min(lo, sorted.length - 1)], sorted[Math.max(hi, 0)]);
    }

    /**
     * Hesterberg's expanded percentile interval ("What teachers should know about the bootstrap", 2015):
     * the percentile interval is too narrow with few resampling units, because the bootstrap spread is
     * that of a sample of size {@code units} treated as the population. It is widened by taking the
     * percentile interval at the level whose normal quantile is √(u/(u−1))·t_{u−1}: for u = 15 units and
     * 95% that is the 97.4% percentile interval; for u = 4 nearly the range of the replicates.
     */
    public static IntervalEstimate expandedPercentile(double estimate, double[] replicates, int units,
                                                      double confidence) {
        return percentile(estimate, replicates, units < 2 ? confidence : expandedLevel(units, confidence));
    }

    /** The level of the percentile interval that the expanded interval takes, for {@code units} ≥ 2. */
    static double expandedLevel(int units, double confidence) {
        // no random generator: only distribution functions are used, never samples
        double t = new TDistribution(null, units - 1).inverseCumulativeProbability(1 - (1 - confidence) / 2);
        return 1 - 2 * new NormalDistribution(null, 0, 1).cumulativeProbability(-Math.sqrt(units / (units - 1.0)) * t);
    }

    public boolean contains(double value) {
        return lower <= value && value <= upper;
    }
}
