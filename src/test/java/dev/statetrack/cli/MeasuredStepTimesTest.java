package dev.statetrack.cli;

import dev.statetrack.model.ModelSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each comparison takes the fastest of three interleaved measurements per setting: inside the whole
 * test suite one quarter-second timing can be slowed by the JIT or the collector working for earlier
 * tests (twice seen in fresh-clone CI runs: one member timed slower than eight).
 */
class MeasuredStepTimesTest {

    private static final int ROUNDS = 3;
    private final MeasuredStepTimes times = new MeasuredStepTimes(1);
    private final ModelSpec lstm = ModelSpec.lstm(1, 16, 16);

    @Test
    void aLongerStreamOfTheSameModelTakesLongerPerStep() {
        double[] fastest = fastest(new int[][] {{4, 1}, {64, 1}});
        double shortStream = fastest[0];
        double longStream = fastest[1];
        assertTrue(shortStream > 0 && shortStream < 1, "seconds per step " + shortStream);
        assertTrue(longStream > shortStream, "16x the length: " + longStream + " s vs " + shortStream + " s");
    }

    @Test
    void anEnsembleStepTakesLongerThanOneMembersButLessThanItsMembersAlone() {
        double[] fastest = fastest(new int[][] {{8, 1}, {8, 8}});
        double one = fastest[0];
        double eight = fastest[1];
        assertTrue(eight > one, "8 members: " + eight + " s vs " + one + " s");
        assertTrue(eight < 8 * one, "batched: " + eight + " s vs 8 x " + one + " s");
    }

    /** @param settings {sequence length, ensemble size} each; the fastest seconds per step of each */
    private double[] fastest(int[][] settings) {
        double[] best = new double[settings.length];
        java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (int round = 0; round < ROUNDS; round++) {
            for (int s = 0; s < settings.length; s++) {
                best[s] = Math.min(best[s], times.secondsPerStep(lstm, 5, settings[s][0], 16, settings[s][1]));
            }
        }
        return best;
    }
}
