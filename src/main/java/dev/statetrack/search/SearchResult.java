package dev.statetrack.search;

import java.util.List;
import java.util.Locale;

/**
 * Outcome of an N* search. Assuming success is monotone in N (as the search does), the threshold lies in
 * the search's bracket: above its largest failure and at most its smallest success. A search that stopped
 * at its step limit before any size failed has no failure below N*, so its N* is only an upper bound
 * ("≤ N*"); N* is exact only when the bracket is within the search's tolerance or N* = 1.
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
        STEP_LIMIT,
        /** Adaptive search: the 95% interval of N*₅₀ is within the tolerance; N* is the median of N*_any. */
        CREDIBLE,
        /** Adaptive search: its trial budget was spent first; N* is the median of N*_any, its interval wider. */
        TRIAL_LIMIT,
        /**
         * Adaptive search: the 95% interval of N*₅₀ lies above N_max, so no size the search may train narrows
         * it to the tolerance; N* is the median of N*_any.
         */
        ABOVE_BUDGET;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public SearchResult {
        trace = List.copyOf(trace);
    }

    /**
     * Whether N* comes with a bracket (largest failure, smallest success): false for an adaptive search,
     * whose N* is a posterior median with a credible interval instead and whose bounds here are 1 and N*.
     */
    public boolean bracketed() {
        return stopReason != StopReason.CREDIBLE && stopReason != StopReason.TRIAL_LIMIT
                && stopReason != StopReason.ABOVE_BUDGET;
    }

    public boolean learnable() {
        return stopReason != StopReason.NOT_LEARNABLE;
    }

    /** The bracket is within the tolerance (the search converged) or N* = 1: N* may be cited as a number. */
    public boolean exact() {
        return stopReason == StopReason.CONVERGED || stopReason == StopReason.REACHED_ONE;
    }

    /** Learnable, but no size below N* failed before the step limit: N* is only "≤ nStar". */
    public boolean unbracketed() {
        return stopReason == StopReason.STEP_LIMIT && largestFailing == 0;
    }

    /** The smallest N the threshold can be: one above the largest failure (N_max + 1 when not learnable). */
    public long lowerBound() {
        return learnable() ? largestFailing + 1 : nMax + 1;
    }

    /** The largest N the threshold can be: N*, or +∞ when not learnable within budget. */
    public double upperBound() {
        return learnable() ? nStar : Double.POSITIVE_INFINITY;
    }
}
