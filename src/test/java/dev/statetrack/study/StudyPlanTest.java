package dev.statetrack.study;

import dev.statetrack.task.LengthDistribution;
import dev.statetrack.testing.StubTasks;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudyPlanTest {

    private static StudySpec study(String extra) {
        return StudyLoader.parse(StudyLoaderTest.SMALL.replace("distributions: [uniform]",
                "distributions: [fixed, uniform]") + extra, "t.yaml");
    }

    @Test
    void kappaExpandsToFixedSearchesAtEveryLengthAndTheJointOncePerCell() {
        StudyPlan plan = StudyPlan.of(study("analyses: {kappa: true}\n"), new StubTasks());
        assertEquals(2 * 2, plan.gridSearches().size(), "2 models × 2 distributions");
        assertEquals(2, plan.kappaTargets().size());
        StudyPlan.KappaTarget t = plan.kappaTargets().get(0);
        assertEquals(List.of(2, 3, 4), t.fixedByLength().stream().map(s -> s.cell().maxLength()).toList());
        t.fixedByLength().forEach(s -> assertEquals(LengthDistribution.FIXED, s.cell().distribution()));
        assertEquals(LengthDistribution.UNIFORM, t.joint().cell().distribution());
        assertTrue(plan.gridSearches().contains(t.joint()), "the grid's uniform search is the joint term");
        assertTrue(plan.gridSearches().contains(t.fixedByLength().get(2)), "and its fixed L=4 search the last term");
        assertEquals(2 * (2 + 2), plan.searches().size(), "shared searches are planned once: per model 2 grid + n=2,3");
    }

    @Test
    void nMaxIsTheSmallerOfBudgetAndAvailableData() {
        StudyPlan plan = StudyPlan.of(study(""), new StubTasks());
        StudyPlan.PlannedSearch fixed = plan.gridSearches().get(0);
        assertEquals(LengthDistribution.FIXED, fixed.cell().distribution());
        assertEquals(81 - 16, fixed.nMax(), "3^4 sequences less 20% validation");
        StudySpec big = StudyLoader.parse(StudyLoaderTest.SMALL.replace("groups: [Z3]", "groups: [Z100]"), "t.yaml");
        assertEquals(100 * 8, StudyPlan.of(big, new StubTasks()).gridSearches().get(0).nMax(), "steps × batch");
    }

    @Test
    void probesTrainAtNMaxAndProbeToTwiceL() {
        StudyPlan plan = StudyPlan.of(study("analyses: {nstar: false, length-generalisation: {lengths: [3]}}\n"),
                new StubTasks());
        assertTrue(plan.searches().isEmpty());
        assertEquals(2, plan.probes().size());
        StudyPlan.GeneralisationProbe p = plan.probes().get(0);
        assertEquals(4, p.configurations().size());
        p.configurations().forEach(c -> {
            assertEquals(6, c.probeMaxLength());
            assertEquals(LengthDistribution.UNIFORM, c.distribution());
            assertEquals(p.trainSize(), c.trainSize());
        });
        assertEquals(9 + 27 - 7, p.trainSize());
        assertEquals(8, plan.maxTrials());
    }

    @Test
    void theBudgetCheckPlansEverySearchAgainWithTwiceTheSteps() {
        StudyPlan without = StudyPlan.of(study("analyses: {kappa: true}\n"), new StubTasks());
        StudyPlan plan = StudyPlan.of(study("analyses: {kappa: true, budget-check: true}\n"), new StubTasks());
        assertEquals(without.searches(), plan.searches(), "the searches themselves are unchanged");
        assertTrue(without.budgetChecks().isEmpty());
        assertEquals(plan.searches().size(), plan.budgetChecks().size());
        for (StudyPlan.PlannedSearch s : plan.searches()) {
            StudyPlan.PlannedSearch check = plan.budgetCheck(s).orElseThrow();
            assertEquals(s.cell(), check.cell());
            assertEquals(200, check.training().steps());
            assertEquals(100, s.training().steps());
            assertTrue(!check.searchId().equals(s.searchId()), "a search of its own in the store");
            assertEquals(s.nMax(), check.nMax(), "Z3 at L <= 4 has fewer sequences than either budget");
        }
        assertEquals(2 * without.maxTrials(), plan.maxTrials(), "at most one check per search");
    }

    @Test
    void anUnknownGroupIsAUserMistake() {
        StudySpec s = StudyLoader.parse(StudyLoaderTest.SMALL.replace("groups: [Z3]", "groups: [Q8]"), "t.yaml");
        assertThrows(IllegalArgumentException.class, () -> StudyPlan.of(s, new StubTasks()));
    }
}
