package dev.statetrack.analysis;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The expanded percentile level combines a t quantile and the normal distribution function; reference
 * values from SciPy: {@code 1 - 2*norm.cdf(-sqrt(u/(u-1)) * t.ppf(0.975, u-1))}, with t.ppf(0.975, 3) =
 * 3.182446 and t.ppf(0.975, 14) = 2.144787.
 */
class IntervalEstimateTest {

    @Test
    void expandedLevelMatchesTheTextbookQuantiles() {
        assertEquals(0.9997619385, IntervalEstimate.expandedLevel(4, 0.95), 1e-8);
        assertEquals(0.9735856537, IntervalEstimate.expandedLevel(15, 0.95), 1e-8);
    }

    @Test
    void theExpandedIntervalIsThePercentileIntervalAtThatLevel() {
        double[] replicates = new double[1000];
        for (int i = 0; i < replicates.length; i++) {
            replicates[i] = i;
        }
        // at 95% the plain percentile interval would be [25, 974]; at 97.36% it is [13, 986]
        IntervalEstimate expanded = IntervalEstimate.expandedPercentile(500, replicates, 15, 0.95);
        assertEquals(13, expanded.lower());
        assertEquals(986, expanded.upper());
    }
}
