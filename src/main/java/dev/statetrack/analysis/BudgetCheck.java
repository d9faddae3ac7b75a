package dev.statetrack.analysis;

import dev.statetrack.search.NStarSearch;
import dev.statetrack.search.SearchResult;

import java.util.Locale;

/**
 * Whether a cell's N* is limited by the step budget, decided at the lower end of its bracket: the check
 * searches with twice the steps starting at the probe size, the largest failing size below N* (or
 * N* / divisor when the search had no failing size below N*). When the probe still fails, more steps
 * do not buy that size: N* is not limited by the budget (stable). When it succeeds, the check searches
 * further down as an N* search would, and a fall by more than the search's tolerance (beyond
 * hi ≤ (1 + tolerance)·lo and a difference of 1, where the bisection stops) marks the first N* as only
 * an upper estimate of what the model needs with more training: the cell is budget-limited.
 *
 * @param nStarDoubled N* with twice the steps below the probe; 0 unless the probe succeeded
 */
public record BudgetCheck(Status status, long nStarDoubled) {

    public enum Status {
        /** The study has no budget check. */
        OFF,
        /** No finite N* to check, nothing below it (N* = 1), or the search has not finished. */
        NOT_CHECKED,
        /** The check has not finished. */
        PENDING,
        /**
         * The probe size still failed with twice the steps, or N* moved by no more than the tolerance and
         * both searches bracketed it within the tolerance.
         */
        STABLE,
        /** N* fell by more than the tolerance, below the first search's bracket: the first N* is an upper estimate. */
        BUDGET_LIMITED,
        /**
         * The check moved N* but not provably: a bracket too wide to tell (a search stopped at its step limit
         * before any failure is only "≤ N*", and a check below it says nothing about the first budget there).
         */
        INCONCLUSIVE;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public static final BudgetCheck OFF = new BudgetCheck(Status.OFF, 0);

    /**
     * The size the check starts at: the largest failing size below N*, else N* / divisor; 0 when there
     * is nothing to check (no finite N*, or nothing below it).
     */
    public static long probeSize(SearchResult original, long divisor) {
        if (original == null || !original.learnable()) {
            return 0;
        }
        return original.largestFailing() > 0 ? original.largestFailing() : original.nStar() / divisor;
    }

    /**
     * @param original the search's result, null if unfinished
     * @param check    the check's result (a search with twice the steps whose first size is the probe),
     *                 null if unfinished or not run
     */
    public static BudgetCheck of(SearchResult original, SearchResult check, long divisor, double tolerance) {
        if (probeSize(original, divisor) < 1) {
            return new BudgetCheck(Status.NOT_CHECKED, 0);
        }
        if (check == null) {
            return new BudgetCheck(Status.PENDING, 0);
        }
        if (!check.learnable()) {
            return new BudgetCheck(Status.STABLE, 0);
        }
        long lo = check.nStar();
        long hi = original.nStar();
        // judged by the brackets: a stable N* needs both known to the tolerance, a fall needs the check's
        // N* at or below the largest size the first search saw fail
        Status status = NStarSearch.withinTolerance(lo, hi, tolerance)
                ? (original.exact() && check.exact() ? Status.STABLE : Status.INCONCLUSIVE)
                : check.nStar() < original.lowerBound() ? Status.BUDGET_LIMITED : Status.INCONCLUSIVE;
        return new BudgetCheck(status, check.nStar());
    }
}
