package dev.statetrack.study;

import dev.statetrack.search.SearchResult;
import dev.statetrack.search.SearchStep;
import dev.statetrack.search.TrialOutcome;
import dev.statetrack.train.TrialResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SearchCostTest {

    @Test
    void aTrialReadOffAnotherBudgetsRunCostsNothingButCountsInWhatTheSearchWouldHaveCost() {
        TrialOutcome trained = new TrialOutcome("a", null, TrialOutcome.Status.TRAINED, ran(2500, 4000));
        TrialOutcome stored = new TrialOutcome("b", null, TrialOutcome.Status.STORED, ran(1000, 1500));
        TrialOutcome derived = new TrialOutcome("c", null, TrialOutcome.Status.DERIVED, ran(3000, 0));
        TrialOutcome cancelled = TrialOutcome.cancelled("d", null);
        SearchResult result = new SearchResult(100, 100, 0, SearchResult.StopReason.NOT_LEARNABLE, List.of(
                new SearchStep(0, SearchStep.Phase.MAXIMUM, 100, false, List.of(trained, stored, derived, cancelled))));
        SearchCost cost = SearchCost.of(result, new TrainingGrid(8000, 64, 1e-2, 100, List.of(1e-3), List.of(10L)));
        assertEquals(2, cost.trialsRun());
        assertEquals(3500, cost.stepsExecuted());
        assertEquals(5500, cost.trialWallMillis());
        assertEquals(1, cost.trialsCancelled());
        assertEquals(4 * 8000, cost.stepsWithoutEarlyStop());
    }

    private static TrialResult ran(int steps, long wallMillis) {
        return new TrialResult(false, steps, 0.5, 0.4, wallMillis, 100, null, Map.of());
    }
}
