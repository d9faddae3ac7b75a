package dev.statetrack.search;

import dev.statetrack.search.SearchResult.StopReason;
import dev.statetrack.search.SearchStep.Phase;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The search for N*, the smallest training-set size at which a cell is learnt (STUDY.md, "N*: the
 * search over sample sizes"). It assumes success is monotone in N and reads top to bottom:
 *
 * <ol>
 *   <li>try N_max; if it fails the cell is not learnable within budget;</li>
 *   <li>geometric phase: divide the smallest success by M (not below 1) until a failure;</li>
 *   <li>bisection on a log scale between the largest failure and the smallest success until they
 *       are within the tolerance;</li>
 * </ol>
 * never trying more than S sample sizes in all.
 */
public final class NStarSearch {

    /** Tries every configuration of the grid at one sample size; the step succeeds if one does. */
    @FunctionalInterface
    public interface SampleSizeTrial {
        SearchStep tryAt(int index, Phase phase, long trainSize);
    }

    private final SearchSettings settings;

    public NStarSearch(SearchSettings settings) {
        this.settings = settings;
    }

    /** @param onStep sees each step as soon as it is decided, so a trace survives an interrupted search */
    public SearchResult run(long nMax, SampleSizeTrial trial, Consumer<SearchStep> onStep) {
        if (nMax < 1) {
            throw new IllegalArgumentException("N_max must be at least 1, got " + nMax);
        }
        List<SearchStep> trace = new ArrayList<>();
        Try attempt = (phase, n) -> {
            SearchStep step = trial.tryAt(trace.size(), phase, n);
            trace.add(step);
            onStep.accept(step);
            return step.success();
        };

        if (!attempt.succeeds(Phase.MAXIMUM, nMax)) {
            return new SearchResult(nMax, 0, nMax, StopReason.NOT_LEARNABLE, trace);
        }
        long hi = nMax;  // smallest success so far
        long lo = 0;     // largest failure so far; 0 = none seen

        while (lo == 0 && hi > 1 && trace.size() < settings.maxSampleSizes()) {
            long n = Math.max(1, hi / settings.divisor());
            if (attempt.succeeds(Phase.GEOMETRIC, n)) {
                hi = n;
            } else {
                lo = n;
            }
        }
        if (hi == 1) {
            return new SearchResult(nMax, 1, 0, StopReason.REACHED_ONE, trace);
        }

        while (lo > 0 && !withinTolerance(lo, hi) && trace.size() < settings.maxSampleSizes()) {
            long n = logMidpoint(lo, hi);
            if (attempt.succeeds(Phase.BISECTION, n)) {
                hi = n;
            } else {
                lo = n;
            }
        }
        StopReason reason = lo > 0 && withinTolerance(lo, hi) ? StopReason.CONVERGED : StopReason.STEP_LIMIT;
        return new SearchResult(nMax, hi, lo, reason, trace);
    }

    private boolean withinTolerance(long lo, long hi) {
        return withinTolerance(lo, hi, settings.tolerance());
    }

    /** The search's rule for "cannot be told apart": hi ≤ (1 + tolerance)·lo, or they differ by at most 1. */
    public static boolean withinTolerance(long lo, long hi, double tolerance) {
        return hi - lo <= 1 || hi <= (1 + tolerance) * lo;
    }

    /** The geometric mean of lo and hi, rounded, kept strictly between them (callers ensure hi − lo ≥ 2). */
    static long logMidpoint(long lo, long hi) {
        long mid = Math.round(Math.sqrt((double) lo * (double) hi));
        return Math.min(hi - 1, Math.max(lo + 1, mid));
    }

    @FunctionalInterface
    private interface Try {
        boolean succeeds(Phase phase, long n);
    }
}
