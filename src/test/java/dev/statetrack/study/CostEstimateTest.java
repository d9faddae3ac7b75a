package dev.statetrack.study;

import dev.statetrack.testing.StubTasks;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CostEstimateTest {

    /** 10 ms per step for the transformer, 2 ms for the LSTM; records what it was asked. */
    private final List<String> asked = new ArrayList<>();
    private final StepTimes fake = (model, vocabulary, length, batch, ensemble) -> {
        asked.add(model.kind() + " V=" + vocabulary + " T=" + length + " B=" + batch + " E=" + ensemble);
        return model.kind().equals("transformer") ? 0.010 : 0.002;
    };

    private static StudyPlan plan(String analyses) {
        return StudyPlan.of(StudyLoader.parse(StudyLoaderTest.SMALL + analyses, "t.yaml"), new StubTasks());
    }

    @Test
    void everySearchAtMostTriesSSizesWithEveryConfigurationForTheFullBudget() {
        CostEstimate cost = CostEstimate.of(plan(""), fake, 1);
        // 2 searches (one per model), S = 20 (the paper's default) x 4 configurations x 100 steps each
        assertEquals(2 * 80, cost.maxTrials());
        assertEquals(2 * 80 * 100, cost.maxSteps());
        assertEquals(80 * 100 * 0.010 + 80 * 100 * 0.002, cost.trialSeconds(), 1e-9);
        assertEquals(List.of("transformer V=5 T=5 B=8 E=1", "lstm V=5 T=5 B=8 E=1"), asked,
                "Z3 has 3 + SEP + PAD tokens; outcome streams L + 1 tokens; each setting timed once");
        assertEquals(96.0 * 2 / 3600, cost.maxCoreHours(2), 1e-12, "two threads per trial: two cores busy");
        assertEquals(96.0 / 4 / 3600, cost.maxWallHours(4), 1e-12);
        assertEquals(2, cost.secondsPerStep().size());
    }

    @Test
    void ensemblesAreTimedAsOneStepForAllTheirMembers() {
        CostEstimate cost = CostEstimate.of(plan(""), fake, 4);
        assertEquals(List.of("transformer V=5 T=5 B=8 E=4", "lstm V=5 T=5 B=8 E=4"), asked);
        // an ensemble step of 4 members costs what the fake says for one step: a quarter of it per member
        assertEquals((80 * 100 * 0.010 + 80 * 100 * 0.002) / 4, cost.trialSeconds(), 1e-9);
        assertEquals(2 * 80 * 100, cost.maxSteps(), "member-steps are counted as before");
    }

    /**
     * A check tries its probe size with every configuration at twice the steps and goes on down only if
     * the probe succeeds; the estimate counts the probe and states the rest apart.
     */
    @Test
    void aBudgetCheckCostsOneSizeAtTwiceTheStepsAndProbesOneBudgetPerConfiguration() {
        CostEstimate cost = CostEstimate.of(plan("analyses: {budget-check: true, length-generalisation: true}\n"), fake, 1);
        double searches = 80 * 100 * 0.012;
        double checks = 4 * 200 * 0.012;
        double probes = 4 * 100 * 0.012;
        assertEquals(searches + checks + probes, cost.trialSeconds(), 1e-9);
        assertEquals(2 * 80 + 2 * 4 + 2 * 4, cost.maxTrials());
        assertEquals(2 * 80 * 100 + 2 * 4 * 200 + 2 * 4 * 100, cost.maxSteps());
        assertEquals(2 * 19 * 4 * 200, cost.checkDescentSteps(), "the other S - 1 = 19 sizes of each check");
    }

    @Test
    void theDescriptionSaysHowAndLabelsTheRealisticFigure() {
        CostEstimate cost = new CostEstimate(1000, 3_000_000, 7200, 480_000, java.util.Map.of());
        String text = cost.describe(2, 1);
        assertTrue(text.contains("at most 1,000 trials, 3,000,000 optimisation steps, 2.0 core-hours: 1.0 h wall here "
                + "with 2 workers of 1 thread"), text);
        assertTrue(text.contains("Realistic (labelled as such): about 0.6 core-hours, 0.3 h wall here, if searches run "
                + "31.1% of that bound as the quick preset's did"), text);
        assertTrue(text.contains("How: trials at most"), text);
        assertTrue(text.contains("searches on down (as a search does): 480,000 more steps if every check did"), text);
    }
}
