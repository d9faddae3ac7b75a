package dev.statetrack.analysis;

import dev.statetrack.search.TrialOutcome;
import dev.statetrack.train.TrialResult;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LengthGeneralisationTest {

    private static TrialOutcome trial(String hash, double loss, double accAt8) {
        return new TrialOutcome(hash, null, TrialOutcome.Status.STORED,
                new TrialResult(true, 10, loss, 1.0, 1, 1, null, Map.of(4, 1.0, 8, accAt8)));
    }

    @Test
    void normalisesSoChanceIsZeroAndPerfectIsOne() {
        assertEquals(0.0, LengthGeneralisation.normalise(0.2, 5), 1e-12);
        assertEquals(1.0, LengthGeneralisation.normalise(1.0, 5), 1e-12);
        assertEquals(0.5, LengthGeneralisation.normalise(0.6, 5), 1e-12);
        assertTrue(LengthGeneralisation.normalise(0.1, 5) < 0, "worse than chance stays visible");
    }

    @Test
    void reportsTheConfigurationWithTheBestValidationLossNotTheBestProbe() {
        List<TrialOutcome> grid = Arrays.asList(trial("a", 0.01, 0.9), trial("b", 0.001, 0.4), null,
                trial("c", Double.NaN, 1.0));
        LengthGeneralisation lg = LengthGeneralisation.of(grid, 5, 4).orElseThrow();
        assertEquals("b", lg.chosen().hash());
        assertEquals(8, lg.probeLength());
        assertEquals(0.25, lg.normalisedAtProbe(), 1e-12);
        assertEquals(1.0, lg.normalisedByLength().get(4), 1e-12);
    }

    @Test
    void emptyWithoutAFiniteLoss() {
        assertTrue(LengthGeneralisation.of(Arrays.asList(null, trial("c", Double.NaN, 1.0)), 5, 4).isEmpty());
    }
}
