package dev.statetrack.analysis;

import dev.statetrack.search.NStarSearch;
import dev.statetrack.search.SearchResult;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Two models compared cell by cell on the N* grid (same group, format, distribution and L). Only
 * what the searches support counts as a difference: two finite N* whose brackets are disjoint (a search
 * that stopped before any failure only shows "≤ N*", which overlaps every smaller N*), whose ratio
 * exceeds the search tolerance (the bisection cannot tell closer values apart) and, when the study
 * measured success rates or searched adaptively, whose N*_any intervals do not overlap (closer values may
 * be seed noise; an adaptive search has only its credible interval, no bracket); a cell
 * where only one model learnt is counted apart. This is the one place that decides what the report may
 * call a difference.
 */
public record NStarComparison(String first, String second, int bothFinite, int firstLess, int secondLess,
                              int notSeparated, int onlyFirstFinite, int onlySecondFinite, int neitherFinite,
                              boolean byIntervals) {

    /** What one cell's pair of finite N* supports. */
    enum Verdict { FIRST_LESS, SECOND_LESS, NOT_SEPARATED }

    /**
     * One cell's finished searches, one per model, with their N*_any intervals where the study measured
     * success rates (empty otherwise).
     */
    public record CellPair(SearchResult first, SearchResult second, Optional<IntervalEstimate> firstAny,
                           Optional<IntervalEstimate> secondAny) {
    }

    /** @param cells every cell both models' searches finished, in grid order */
    public static NStarComparison of(String first, String second, List<CellPair> cells, double tolerance,
                                     boolean byIntervals) {
        int both = 0;
        int firstLess = 0;
        int secondLess = 0;
        int within = 0;
        int onlyFirst = 0;
        int onlySecond = 0;
        int neither = 0;
        for (CellPair cell : cells) {
            boolean fa = cell.first().learnable();
            boolean fb = cell.second().learnable();
            if (fa && fb) {
                both++;
                switch (judge(cell.first(), cell.second(), tolerance, cell.firstAny(), cell.secondAny())) {
                    case FIRST_LESS -> firstLess++;
                    case SECOND_LESS -> secondLess++;
                    case NOT_SEPARATED -> within++;
                }
            } else if (fa) {
                onlyFirst++;
            } else if (fb) {
                onlySecond++;
            } else {
                neither++;
            }
        }
        return new NStarComparison(first, second, both, firstLess, secondLess, within, onlyFirst, onlySecond,
                neither, byIntervals);
    }

    /**
     * Two finite N* are told apart when their brackets are disjoint (the smaller N* lies below the lowest
     * threshold the larger search allows), they differ by more than the search tolerance and, where intervals
     * are given,
     * the intervals are both known and disjoint. An interval that is undefined or open-ended (the fit never
     * reached its level) separates nothing.
     */
    static Verdict judge(SearchResult x, SearchResult y, double tolerance, Optional<IntervalEstimate> ix,
                         Optional<IntervalEstimate> iy) {
        SearchResult smaller = x.nStar() < y.nStar() ? x : y;
        SearchResult larger = smaller == x ? y : x;
        // the smaller's threshold is at most its N*, the larger's at least its lower bound; adaptive searches
        // have no bracket, only their intervals
        boolean bracketsOverlap = smaller.bracketed() && larger.bracketed() && smaller.nStar() >= larger.lowerBound();
        if (bracketsOverlap || NStarSearch.withinTolerance(smaller.nStar(), larger.nStar(), tolerance)) {
            return Verdict.NOT_SEPARATED;
        }
        if (ix.isPresent() || iy.isPresent()) {
            IntervalEstimate smallerAny = (smaller == x ? ix : iy).orElse(IntervalEstimate.UNDEFINED);
            IntervalEstimate largerAny = (smaller == x ? iy : ix).orElse(IntervalEstimate.UNDEFINED);
            // NaN or infinite bounds fail this comparison, so they never separate two cells
            boolean disjoint = Double.isFinite(smallerAny.upper()) && Double.isFinite(largerAny.lower())
                    && smallerAny.upper() < largerAny.lower();
            if (!disjoint) {
                return Verdict.NOT_SEPARATED;
            }
        }
        return smaller == x ? Verdict.FIRST_LESS : Verdict.SECOND_LESS;
    }

    /** One sentence, counts only. */
    public String describe() {
        String notSeparatedBecause = byIntervals
                ? "with overlapping brackets, within the search tolerance or with overlapping 95% intervals of N*_any"
                : "with overlapping brackets or within the search tolerance";
        return String.format(Locale.ROOT, "%s vs %s: in %s where both N* are finite, %s needs less data in "
                        + "%d, %s in %d, and %d %s %s; only %s learnt %s, only %s %d, neither %d.", first,
                second, cells(bothFinite), first, firstLess, second, secondLess, notSeparated,
                notSeparated == 1 ? "is" : "are", notSeparatedBecause, first, cells(onlyFirstFinite), second,
                onlySecondFinite, neitherFinite);
    }

    private static String cells(int count) {
        return count + (count == 1 ? " cell" : " cells");
    }
}
