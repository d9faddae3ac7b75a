package dev.statetrack.study;

import dev.statetrack.search.SearchResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Two models compared cell by cell on the N* grid (same group, format, distribution and L). Only
 * what the searches support counts as a difference: two finite N* whose ratio exceeds the search
 * tolerance (the bisection cannot tell closer values apart); a cell where only one model learnt is
 * counted apart. This is the one place that decides what the report may call a difference.
 */
public record NStarComparison(String first, String second, int bothFinite, int firstLess, int secondLess,
                              int withinTolerance, int onlyFirstFinite, int onlySecondFinite, int neitherFinite) {

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
            Optional<SearchResult> rb = results.plan().gridSearches().stream()
                    .filter(b -> b.cell().model().equals(second) && sameSetting(a.cell(), b.cell()))
                    .findFirst().flatMap(results::result);
            if (ra.isEmpty() || rb.isEmpty()) {
                continue;
            }
            boolean fa = ra.get().learnable();
            boolean fb = rb.get().learnable();
            if (fa && fb) {
                both++;
                long x = ra.get().nStar();
                long y = rb.get().nStar();
                long lo = Math.min(x, y);
                long hi = Math.max(x, y);
                if (hi - lo <= 1 || hi <= (1 + tolerance) * lo) {
                    within++;
                } else if (x < y) {
                    firstLess++;
                } else {
                    secondLess++;
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
                onlySecond, neither);
    }

    private static boolean sameSetting(Cell a, Cell b) {
        return a.group().equals(b.group()) && a.format() == b.format() && a.distribution() == b.distribution()
                && a.maxLength() == b.maxLength();
    }

    /** One sentence, counts only. */
    public String describe() {
        return String.format(Locale.ROOT, "%s vs %s: in %d cells where both N* are finite, %s needs less data in "
                        + "%d, %s in %d, and %d are within the search tolerance; only %s learnt %d cells, only %s %d, "
                        + "neither %d.", first, second, bothFinite, first, firstLess, second, secondLess,
                withinTolerance, first, onlyFirstFinite, second, onlySecondFinite, neitherFinite);
    }
}
