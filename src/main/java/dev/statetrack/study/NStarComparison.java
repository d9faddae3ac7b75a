package dev.statetrack.study;

import dev.statetrack.search.SearchResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Two models compared cell by cell on the N* grid (same group, format, distribution and L). Only
 * what the searches support counts as a difference: two finite N* whose ratio exceeds the search
 * tolerance (the bisection cannot tell closer values apart) and, when the study measured success
 * rates, whose N*_any intervals do not overlap (closer values may be seed noise); a cell where only
 * one model learnt is counted apart. This is the one place that decides what the report may call a
 * difference.
 */
public record NStarComparison(String first, String second, int bothFinite, int firstLess, int secondLess,
                              int notSeparated, int onlyFirstFinite, int onlySecondFinite, int neitherFinite,
                              boolean byIntervals) {

    /** What one cell's pair of finite N* supports. */
    enum Verdict { FIRST_LESS, SECOND_LESS, NOT_SEPARATED }

    /** Every pair of the study's models, in the study's order. */
    public static List<NStarComparison> of(StudyResults results) {
        StudyPlan plan = results.plan();
        List<ModelEntry> models = plan.spec().models();
        List<NStarComparison> comparisons = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            for (int j = i + 1; j < models.size(); j++) {
                comparisons.add(compare(results, models.get(i), models.get(j)));
            }
        }
        return comparisons;
    }

    private static NStarComparison compare(StudyResults results, ModelEntry first, ModelEntry second) {
        double tolerance = results.plan().spec().search().tolerance();
        boolean byIntervals = results.plan().spec().search().successRate();
        int both = 0;
        int firstLess = 0;
        int secondLess = 0;
        int within = 0;
        int onlyFirst = 0;
        int onlySecond = 0;
        int neither = 0;
        for (StudyPlan.PlannedSearch a : results.plan().gridSearches()) {
            if (!a.cell().model().equals(first)) {
                continue;
            }
            Optional<SearchResult> ra = results.result(a);
            Optional<StudyPlan.PlannedSearch> b = results.plan().gridSearches().stream()
                    .filter(s -> s.cell().model().equals(second) && sameSetting(a.cell(), s.cell()))
                    .findFirst();
            Optional<SearchResult> rb = b.flatMap(results::result);
            if (ra.isEmpty() || rb.isEmpty()) {
                continue;
            }
            boolean fa = ra.get().learnable();
            boolean fb = rb.get().learnable();
            if (fa && fb) {
                both++;
                Optional<IntervalEstimate> ia = byIntervals
                        ? Optional.of(anyOfGrid(results, a)) : Optional.empty();
                Optional<IntervalEstimate> ib = byIntervals
                        ? Optional.of(anyOfGrid(results, b.get())) : Optional.empty();
                switch (judge(ra.get().nStar(), rb.get().nStar(), tolerance, ia, ib)) {
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
        return new NStarComparison(first.name(), second.name(), both, firstLess, secondLess, within, onlyFirst,
                onlySecond, neither, byIntervals);
    }

    private static IntervalEstimate anyOfGrid(StudyResults results, StudyPlan.PlannedSearch search) {
        return results.successRates(search).map(SuccessRates::anyOfGrid).orElse(IntervalEstimate.UNDEFINED);
    }

    /**
     * Two finite N* x and y are told apart when they differ by more than the search tolerance and, where
     * intervals are given, the intervals are both known and disjoint. An interval that is undefined or
     * open-ended (the fit never reached its level) separates nothing.
     */
    static Verdict judge(long x, long y, double tolerance, Optional<IntervalEstimate> ix,
                         Optional<IntervalEstimate> iy) {
        long lo = Math.min(x, y);
        long hi = Math.max(x, y);
        if (hi - lo <= 1 || hi <= (1 + tolerance) * lo) {
            return Verdict.NOT_SEPARATED;
        }
        if (ix.isPresent() || iy.isPresent()) {
            IntervalEstimate smaller = (x < y ? ix : iy).orElse(IntervalEstimate.UNDEFINED);
            IntervalEstimate larger = (x < y ? iy : ix).orElse(IntervalEstimate.UNDEFINED);
            // NaN or infinite bounds fail this comparison, so they never separate two cells
            boolean disjoint = Double.isFinite(smaller.upper()) && Double.isFinite(larger.lower())
                    && smaller.upper() < larger.lower();
            if (!disjoint) {
                return Verdict.NOT_SEPARATED;
            }
        }
        return x < y ? Verdict.FIRST_LESS : Verdict.SECOND_LESS;
    }

    private static boolean sameSetting(Cell a, Cell b) {
        return a.group().equals(b.group()) && a.format() == b.format() && a.distribution() == b.distribution()
                && a.maxLength() == b.maxLength();
    }

    /** One sentence, counts only. */
    public String describe() {
        String notSeparatedBecause = byIntervals
                ? "within the search tolerance or with overlapping 95% intervals of N*_any"
                : "within the search tolerance";
        return String.format(Locale.ROOT, "%s vs %s: in %d cells where both N* are finite, %s needs less data in "
                        + "%d, %s in %d, and %d are %s; only %s learnt %d cells, only %s %d, neither %d.", first,
                second, bothFinite, first, firstLess, second, secondLess, notSeparated, notSeparatedBecause, first,
                onlyFirstFinite, second, onlySecondFinite, neitherFinite);
    }
}
