package dev.statetrack.analysis;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuccessRatesTest {

    /** Configuration c succeeds from size index c/2 on: 8 configurations, sizes 10..1280. */
    static SuccessTable staircase() {
        return staircase(1);
    }

    /** The staircase with every size multiplied by {@code scale}: the same configurations are lucky. */
    static SuccessTable staircase(long scale) {
        List<Long> sizes = List.of(10L, 20L, 40L, 80L, 160L, 320L, 640L, 1280L).stream().map(n -> n * scale).toList();
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
}
