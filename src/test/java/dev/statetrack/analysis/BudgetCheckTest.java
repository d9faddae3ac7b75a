package dev.statetrack.analysis;

import dev.statetrack.search.SearchResult;
import dev.statetrack.search.SearchResult.StopReason;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The budget check's verdict on constructed search paths. */
class BudgetCheckTest {

    private static final long DIVISOR = 4;
    private static final double TOLERANCE = 0.25;

    /** A search that converged on [largestFailing, nStar]. */
    private static SearchResult bracket(long largestFailing, long nStar) {
        return new SearchResult(1000, nStar, largestFailing, StopReason.CONVERGED, List.of());
    }

    /** The check's search, started at the probe with twice the steps. */
    private static SearchResult check(long probe, long nStar) {
        return nStar == 0 ? new SearchResult(probe, 0, 0, StopReason.NOT_LEARNABLE, List.of())
                : new SearchResult(probe, nStar, nStar - 1, StopReason.CONVERGED, List.of());
    }

    private static final SearchResult NOT_LEARNABLE = new SearchResult(1000, 0, 0, StopReason.NOT_LEARNABLE, List.of());

    @Test
    void theProbeIsTheLargestFailingSizeBelowNStarElseNStarOverTheDivisor() {
        assertEquals(700, BudgetCheck.probeSize(bracket(700, 900), DIVISOR));
        assertEquals(225, BudgetCheck.probeSize(bracket(0, 900), DIVISOR), "no failing size below N*");
        assertEquals(0, BudgetCheck.probeSize(bracket(0, 1), DIVISOR), "nothing below N* = 1");
        assertEquals(0, BudgetCheck.probeSize(NOT_LEARNABLE, DIVISOR));
        assertEquals(0, BudgetCheck.probeSize(null, DIVISOR));
    }

    @Test
    void aProbeThatStillFailsWithTwiceTheStepsMeansNotLimited() {
        BudgetCheck verdict = BudgetCheck.of(bracket(700, 900), check(700, 0), DIVISOR, TOLERANCE);
        assertEquals(BudgetCheck.Status.STABLE, verdict.status());
        assertEquals(0, verdict.nStarDoubled());
    }

    @Test
    void aProbeThatSucceedsAndAFallBeyondTheToleranceMeansBudgetLimited() {
        BudgetCheck verdict = BudgetCheck.of(bracket(700, 900), check(700, 400), DIVISOR, TOLERANCE);
        assertEquals(BudgetCheck.Status.BUDGET_LIMITED, verdict.status());
        assertEquals(400, verdict.nStarDoubled());
        assertEquals(BudgetCheck.Status.STABLE, BudgetCheck.of(bracket(700, 800), check(700, 700), DIVISOR,
                TOLERANCE).status(), "the probe succeeded, but N* moved within the tolerance (800 <= 1.25 * 700)");
        assertEquals(BudgetCheck.Status.BUDGET_LIMITED, BudgetCheck.of(bracket(700, 900), check(700, 700), DIVISOR,
                TOLERANCE).status(), "900 > 1.25 * 700, and 700 failed with the first budget");
        assertEquals(BudgetCheck.Status.STABLE, BudgetCheck.of(bracket(1, 2), check(1, 1), DIVISOR, TOLERANCE)
                .status(), "a difference of 1 is where the bisection stops");
    }

    @Test
    void withoutAFailingSizeTheCheckStartsAtNStarOverTheDivisor() {
        // stopped at its step limit before any failure: N* is only "≤ 900", and nothing below it was tried
        // with the first budget, so a check that succeeds lower does not show that budget was the limit
        SearchResult unbracketed = new SearchResult(1000, 900, 0, StopReason.STEP_LIMIT, List.of());
        assertEquals(225, BudgetCheck.probeSize(unbracketed, DIVISOR));
        assertEquals(BudgetCheck.Status.STABLE, BudgetCheck.of(unbracketed, check(225, 0), DIVISOR, TOLERANCE)
                .status());
        assertEquals(BudgetCheck.Status.INCONCLUSIVE, BudgetCheck.of(unbracketed, check(225, 100), DIVISOR,
                TOLERANCE).status());
    }

    @Test
    void aWideBracketFallsProvablyOnlyBelowItsLargestFailure() {
        SearchResult wide = new SearchResult(1000, 928, 700, StopReason.STEP_LIMIT, List.of());
        assertEquals(BudgetCheck.Status.BUDGET_LIMITED, BudgetCheck.of(wide, check(700, 602), DIVISOR, TOLERANCE)
                .status());
        assertEquals(BudgetCheck.Status.INCONCLUSIVE, BudgetCheck.of(wide, check(700, 760), DIVISOR, TOLERANCE)
                .status(), "within the tolerance of 928, but the first bracket is wider than the tolerance");
    }

    @Test
    void nothingToCheckOrNotFinished() {
        assertEquals(BudgetCheck.Status.NOT_CHECKED, BudgetCheck.of(NOT_LEARNABLE, null, DIVISOR, TOLERANCE).status());
        assertEquals(BudgetCheck.Status.NOT_CHECKED, BudgetCheck.of(null, null, DIVISOR, TOLERANCE).status());
        assertEquals(BudgetCheck.Status.NOT_CHECKED, BudgetCheck.of(bracket(0, 1), null, DIVISOR, TOLERANCE).status());
        assertEquals(BudgetCheck.Status.PENDING, BudgetCheck.of(bracket(700, 900), null, DIVISOR, TOLERANCE).status());
    }
}
