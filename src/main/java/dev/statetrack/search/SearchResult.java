package dev.statetrack.search;

import java.util.List;
import java.util.Locale;

/**
 * Outcome of an N* search.
 *
 * @param nMax           the first sample size tried: min(steps × batch, available training sequences)
 * @param nStar          the smallest succeeding N found; 0 when not learnable within budget
 * @param largestFailing the largest failing N seen below nStar; 0 if none (N* = 1, or never bisected)
 */
public record SearchResult(long nMax, long nStar, long largestFailing, StopReason stopReason,
                           List<SearchStep> trace) {

    public enum StopReason {
        /** N_max failed: report "not learnable within budget", never a number. */
        NOT_LEARNABLE,
        /** N = 1 succeeded, nothing smaller exists. */
        REACHED_ONE,
        /** hi and lo are within the tolerance. */
        CONVERGED,
        /** S sample sizes were tried before convergence; N* is the smallest success seen. */
        STEP_LIMIT;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public SearchResult {
        trace = List.copyOf(trace);
    }

    public boolean learnable() {
        return stopReason != StopReason.NOT_LEARNABLE;
    }
}
