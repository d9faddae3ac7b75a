package dev.statetrack.analysis;

import dev.statetrack.search.SearchResult;
import dev.statetrack.search.SearchResult.StopReason;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BudgetCheckTest {

    private static SearchResult learnt(long nStar) {
        return new SearchResult(1000, nStar, nStar - 1, StopReason.CONVERGED, List.of());
    }

    private static final SearchResult NOT_LEARNABLE = new SearchResult(1000, 0, 0, StopReason.NOT_LEARNABLE, List.of());

    @Test
    void aFallBeyondTheToleranceMarksTheCellBudgetLimited() {
        BudgetCheck check = BudgetCheck.of(learnt(928), learnt(602), 0.25);
        assertEquals(BudgetCheck.Status.BUDGET_LIMITED, check.status());
        assertEquals(602, check.nStarDoubled());
    }

    @Test
    void aMoveWithinTheToleranceOrByOneIsStable() {
        assertEquals(BudgetCheck.Status.STABLE, BudgetCheck.of(learnt(100), learnt(80), 0.25).status());
        assertEquals(BudgetCheck.Status.BUDGET_LIMITED, BudgetCheck.of(learnt(100), learnt(79), 0.25).status());
        assertEquals(BudgetCheck.Status.STABLE, BudgetCheck.of(learnt(2), learnt(1), 0.05).status());
    }

    @Test
    void moreDataWithMoreStepsOrNothingLearntIsInconclusive() {
        assertEquals(BudgetCheck.Status.INCONCLUSIVE, BudgetCheck.of(learnt(100), learnt(200), 0.25).status());
        assertEquals(BudgetCheck.Status.INCONCLUSIVE, BudgetCheck.of(learnt(100), NOT_LEARNABLE, 0.25).status());
    }

    @Test
    void anUnbracketedNStarNeitherStaysNorFallsProvably() {
        // the first search stopped at its step limit before any failure: its threshold is anywhere in 1..928
        SearchResult unbracketed = new SearchResult(1000, 928, 0, StopReason.STEP_LIMIT, List.of());
        assertEquals(BudgetCheck.Status.INCONCLUSIVE, BudgetCheck.of(unbracketed, learnt(602), 0.25).status());
        assertEquals(BudgetCheck.Status.INCONCLUSIVE, BudgetCheck.of(unbracketed, learnt(900), 0.25).status());
        // bracketed (700, 928] but wider than the tolerance: a fall to 602 is below every threshold it allows
        SearchResult wide = new SearchResult(1000, 928, 700, StopReason.STEP_LIMIT, List.of());
        assertEquals(BudgetCheck.Status.BUDGET_LIMITED, BudgetCheck.of(wide, learnt(602), 0.25).status());
        assertEquals(BudgetCheck.Status.INCONCLUSIVE, BudgetCheck.of(wide, learnt(720), 0.25).status());
    }

    @Test
    void onlyFiniteFinishedSearchesAreChecked() {
        assertEquals(BudgetCheck.Status.NOT_CHECKED, BudgetCheck.of(NOT_LEARNABLE, null, 0.25).status());
        assertEquals(BudgetCheck.Status.NOT_CHECKED, BudgetCheck.of(null, null, 0.25).status());
        assertEquals(BudgetCheck.Status.PENDING, BudgetCheck.of(learnt(10), null, 0.25).status());
    }
}
