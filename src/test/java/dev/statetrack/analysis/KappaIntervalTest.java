package dev.statetrack.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KappaIntervalTest {

    @Test
    void identicalTermsGiveAnIntervalOfOnePoint() {
        SuccessTable term = SuccessRatesTest.staircase();
        IntervalEstimate kappa = KappaInterval.of(List.of(term, term), term, 7, 200, 0.95).orElseThrow();
        assertEquals(2, kappa.estimate(), 1e-9);
        assertEquals(2, kappa.lower(), 1e-9);
        assertEquals(2, kappa.upper(), 1e-9);
    }

    /**
     * The same configurations are lucky in both terms (the fixed term needs 3× the data of the joint at
     * every configuration): drawn jointly, every replicate's κ is 3; drawn independently per term, the
     * luck of one draw no longer cancels and the interval is wide.
     */
    @Test
    void pairedResamplingKeepsConfigurationsPairedAndIsNarrowerThanIndependentResampling() {
        SuccessTable fixed = SuccessRatesTest.staircase(3);
        SuccessTable joint = SuccessRatesTest.staircase(1);
        IntervalEstimate paired = KappaInterval.of(List.of(fixed), joint, 11, 500, 0.95).orElseThrow();
        assertEquals(3, paired.estimate(), 1e-6);
        assertEquals(0, paired.upper() - paired.lower(), 1e-6, "paired: " + paired);

        double level = SuccessRates.anyOfGridLevel(joint.configurations());
        SplittableRandom fixedDraws = new SplittableRandom(1);
        SplittableRandom jointDraws = new SplittableRandom(2);
        double[] independent = new double[500];
        for (int r = 0; r < independent.length; r++) {
            independent[r] = anyOfGrid(fixed, fixed.drawConfigurations(fixedDraws), level)
                    / anyOfGrid(joint, joint.drawConfigurations(jointDraws), level);
        }
        IntervalEstimate unpaired = IntervalEstimate.expandedPercentile(3, independent, joint.configurations(), 0.95);
        assertTrue(unpaired.upper() - unpaired.lower() > 1, "independent: " + unpaired);
    }

    @Test
    void everyTermNeedsAFiniteNStarAny() {
        SuccessTable notLearnable = new SuccessTable(List.of(500L, 1000L),
                List.of(List.of(false, false), List.of(false, false), List.of(false, false), List.of(false, false),
                        List.of(false, false), List.of(false, false), List.of(false, false), List.of(false, false)));
        SuccessTable term = SuccessRatesTest.staircase();
        assertTrue(KappaInterval.of(List.of(term, notLearnable), term, 7, 100, 0.95).isEmpty());
        assertTrue(KappaInterval.of(List.of(term), notLearnable, 7, 100, 0.95).isEmpty());
    }

    private static double anyOfGrid(SuccessTable table, int[] configurations, double level) {
        return LogisticFit.of(table.counts(configurations)).map(f -> f.sizeAt(level)).orElse(Double.NaN);
    }
}
