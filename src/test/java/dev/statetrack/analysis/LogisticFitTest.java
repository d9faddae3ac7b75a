package dev.statetrack.analysis;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogisticFitTest {

    private static final int CONFIGURATIONS = 15;
    private static final int STUDIES = 150;

    /**
     * Simulated studies: 15 configurations (the paper's grid) at 7 sizes a factor 2 apart around the
     * threshold, at an offset that puts the threshold anywhere between two sizes; each configuration
     * succeeds at N with probability 1/(1 + (N50/N)^slope), slopes as shallow as seen near N* in practice
     * (25–50% success at one N, 0 of 20 at a neighbour). The 95% interval must hold the true N50 in at
     * least 90% of the studies (about 95% is what it does; steeper slopes, with sizes a factor 2 apart,
     * separate the counts and cover less).
     */
    @Property(tries = 4, seed = "20261129")
    void theBootstrapIntervalHoldsTheTrueThreshold(@ForAll @DoubleRange(min = 3, max = 9) double logThreshold,
                                                   @ForAll @DoubleRange(min = 1, max = 4) double slope) {
        SplittableRandom random = new SplittableRandom(Double.doubleToLongBits(logThreshold * 31 + slope));
        double threshold = Math.exp(logThreshold);
        int covered = 0;
        for (int study = 0; study < STUDIES; study++) {
            double offset = random.nextDouble();
            List<Long> sizes = new ArrayList<>();
            for (int j = -3; j <= 3; j++) {
                sizes.add(Math.max(1, Math.round(threshold * Math.pow(2, j + offset - 0.5))));
            }
            List<List<Boolean>> outcomes = new ArrayList<>();
            for (int c = 0; c < CONFIGURATIONS; c++) {
                List<Boolean> row = new ArrayList<>();
                for (long n : sizes) {
                    row.add(random.nextDouble() < 1 / (1 + Math.pow(threshold / n, slope)));
                }
                outcomes.add(row);
            }
            SuccessRates rates = SuccessRates.of(new SuccessTable(sizes, outcomes), random.nextLong(), 200, 0.95);
            covered += rates.median().contains(threshold) ? 1 : 0;
        }
        assertTrue(covered >= 0.9 * STUDIES, "true N50 " + threshold + " (slope " + slope + ") inside the interval in only "
                + covered + " of " + STUDIES + " studies");
    }

    @Test
    void exactCountsOnTheCurveGiveItsParametersBack() {
        // k/n equal to the true probabilities at every size: the penalty shifts the estimate a little.
        List<SuccessCount> counts = new ArrayList<>();
        for (long n : new long[] {25, 50, 100, 200, 400}) {
            double p = 1 / (1 + Math.pow(100.0 / n, 2));
            counts.add(new SuccessCount(n, (int) Math.round(1000 * p), 1000));
        }
        LogisticFit fit = LogisticFit.of(counts).orElseThrow();
        assertEquals(100, fit.sizeAt(0.5), 2);
        assertEquals(2, fit.slope(), 0.05);
        assertEquals(0.5, fit.probability(fit.sizeAt(0.5)), 1e-9);
    }

    @Test
    void perfectSeparationStillGivesAFiniteThresholdBetweenTheLastFailureAndTheFirstSuccess() {
        List<SuccessCount> counts = List.of(new SuccessCount(10, 0, 4), new SuccessCount(30, 0, 4),
                new SuccessCount(60, 4, 4), new SuccessCount(300, 4, 4));
        LogisticFit fit = LogisticFit.of(counts).orElseThrow();
        assertTrue(fit.slope() > 0 && Double.isFinite(fit.slope()), fit.toString());
        assertTrue(fit.sizeAt(0.5) > 30 && fit.sizeAt(0.5) < 60, "N50 " + fit.sizeAt(0.5));
    }

    @Test
    void oneSizeCannotBeFittedAndAFallingCurveNeverReachesALevel() {
        assertTrue(LogisticFit.of(List.of(new SuccessCount(100, 0, 4), new SuccessCount(100, 1, 4))).isEmpty());
        LogisticFit falling = LogisticFit.of(List.of(new SuccessCount(10, 3, 4), new SuccessCount(100, 1, 4)))
                .orElseThrow();
        assertTrue(falling.slope() < 0);
        assertEquals(Double.POSITIVE_INFINITY, falling.sizeAt(0.5));
    }
}
