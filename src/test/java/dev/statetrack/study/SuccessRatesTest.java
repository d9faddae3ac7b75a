package dev.statetrack.study;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuccessRatesTest {

    /** Configuration c succeeds from size index c/2 on: 8 configurations, sizes 10..1280. */
    private static SuccessTable staircase() {
        List<Long> sizes = List.of(10L, 20L, 40L, 80L, 160L, 320L, 640L, 1280L);
        List<List<Boolean>> outcomes = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            List<Boolean> row = new ArrayList<>();
            for (int s = 0; s < sizes.size(); s++) {
                row.add(s >= 1 + c / 2 + (c % 2) * 2);
            }
            outcomes.add(row);
        }
        return new SuccessTable(sizes, outcomes);
    }

    @Test
    void anyOfTheGridIsTheLevelAtWhichSomeConfigurationSucceedsHalfTheTime() {
        assertEquals(0.5, SuccessRates.anyOfGridLevel(1), 1e-15);
        for (int m : new int[] {2, 4, 15}) {
            double p = SuccessRates.anyOfGridLevel(m);
            assertEquals(0.5, 1 - Math.pow(1 - p, m), 1e-12);
        }
    }

    @Test
    void estimatesLieInTheirIntervalsAndTheSameSeedGivesTheSameInterval() {
        SuccessRates rates = SuccessRates.of(staircase(), 42);
        assertTrue(rates.median().lower() <= rates.median().estimate()
                && rates.median().estimate() <= rates.median().upper(), rates.median().toString());
        assertTrue(rates.anyOfGrid().estimate() < rates.median().estimate());
        assertEquals(rates.median(), SuccessRates.of(staircase(), 42).median());
        assertEquals(8, rates.counts().get(7).successes());
        assertEquals(0, rates.counts().get(0).successes());
    }

    @Test
    void kappaPairsTheTermsReplicates() {
        // Identical terms bootstrapped with one seed: every replicate of κ is exactly 2 / 1.
        SuccessRates term = SuccessRates.of(staircase(), 7);
        IntervalEstimate kappa = KappaInterval.of(List.of(term, term), term, 0.95).orElseThrow();
        assertEquals(new IntervalEstimate(2, 2, 2), kappa);
    }

    @Test
    void kappaNeedsEveryTermFinite() {
        SuccessTable notLearnable = new SuccessTable(List.of(500L), List.of(List.of(false), List.of(false)));
        SuccessRates term = SuccessRates.of(staircase(), 7);
        assertTrue(KappaInterval.of(List.of(term, SuccessRates.of(notLearnable, 7)), term, 0.95).isEmpty());
    }
}
