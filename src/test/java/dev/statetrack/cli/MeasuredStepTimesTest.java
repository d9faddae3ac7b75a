package dev.statetrack.cli;

import dev.statetrack.model.ModelSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeasuredStepTimesTest {

    @Test
    void aLongerStreamOfTheSameModelTakesLongerPerStep() {
        MeasuredStepTimes times = new MeasuredStepTimes(1);
        ModelSpec lstm = ModelSpec.lstm(1, 16, 16);
        double shortStream = times.secondsPerStep(lstm, 5, 4, 16, 1);
        double longStream = times.secondsPerStep(lstm, 5, 64, 16, 1);
        assertTrue(shortStream > 0 && shortStream < 1, "seconds per step " + shortStream);
        assertTrue(longStream > shortStream, "16x the length: " + longStream + " s vs " + shortStream + " s");
    }

    @Test
    void anEnsembleStepTakesLongerThanOneMembersButLessThanItsMembersAlone() {
        MeasuredStepTimes times = new MeasuredStepTimes(1);
        ModelSpec lstm = ModelSpec.lstm(1, 16, 16);
        double one = times.secondsPerStep(lstm, 5, 8, 16, 1);
        double eight = times.secondsPerStep(lstm, 5, 8, 16, 8);
        assertTrue(eight > one, "8 members: " + eight + " s vs " + one + " s");
        assertTrue(eight < 8 * one, "batched: " + eight + " s vs 8 x " + one + " s");
    }
}
