package dev.statetrack.analysis;

import dev.statetrack.search.NStarSearch;
import dev.statetrack.search.SearchResult;

import java.util.Locale;

/**
 * Whether a cell's N* is limited by the step budget: its search again with twice the steps. When N*
 * falls by more than the search's tolerance (beyond hi ≤ (1 + tolerance)·lo and a difference of 1, where
 * the bisection stops), the first N* is only an upper estimate of what the model needs with more
 * training: the cell is budget-limited.
 *
 * @param nStarDoubled N* with twice the steps; 0 unless both searches found a finite N*
 */
public record BudgetCheck(Status status, long nStarDoubled) {

    public enum Status {
        /** The study has no budget check. */
        OFF,
        /** No finite N* to check, or the search has not finished. */
        NOT_CHECKED,
        /** The check has not finished. */
        PENDING,
        /** N* moved by no more than the tolerance, and both searches bracketed it within the tolerance. */
        STABLE,
        /** N* fell by more than the tolerance: the first N* is an upper estimate. */
        BUDGET_LIMITED,
        /**
         * Twice the steps needed more data, by more than the tolerance, or learnt nothing: more training
         * cannot need more data, so the search is noisy here and gives no verdict. Also when a bracket is
         * too wide to tell (a search stopped at its step limit): an unbracketed "≤ N*" moves nowhere provably.
         */
        INCONCLUSIVE;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public static final BudgetCheck OFF = new BudgetCheck(Status.OFF, 0);

    /**
     * @param original the search's result, null if unfinished
     * @param doubled  the check's result, null if unfinished or not run
     */
    public static BudgetCheck of(SearchResult original, SearchResult doubled, double tolerance) {
        if (original == null || !original.learnable()) {
            return new BudgetCheck(Status.NOT_CHECKED, 0);
        }
        if (doubled == null) {
            return new BudgetCheck(Status.PENDING, 0);
        }
        if (!doubled.learnable()) {
            return new BudgetCheck(Status.INCONCLUSIVE, 0);
        }
        long lo = Math.min(original.nStar(), doubled.nStar());
        long hi = Math.max(original.nStar(), doubled.nStar());
        // judged by the brackets: a stable N* needs both known to the tolerance, a fall needs the doubled
        // N* below every threshold the first search allows
        Status status = NStarSearch.withinTolerance(lo, hi, tolerance)
                ? (original.exact() && doubled.exact() ? Status.STABLE : Status.INCONCLUSIVE)
                : doubled.nStar() < original.lowerBound() ? Status.BUDGET_LIMITED : Status.INCONCLUSIVE;
        return new BudgetCheck(status, doubled.nStar());
    }
}
