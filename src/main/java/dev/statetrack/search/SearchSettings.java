package dev.statetrack.search;

import java.util.Locale;

/**
 * Parameters of the N* search (STUDY.md).
 *
 * @param divisor        M: the geometric phase divides N by this while N keeps succeeding
 * @param maxSampleSizes S: at most this many sample sizes are tried in all, N_max included
 * @param tolerance      bisection stops once hi ≤ (1 + tolerance)·lo (or hi − lo ≤ 1); the adaptive search
 *                       once the 95% interval of N*₅₀ has upper ≤ (1 + tolerance)²·lower
 * @param successRate    train every configuration of each tried N to its own success or budget instead of
 *                       cancelling siblings after the first success, so each N has a success count k of n;
 *                       the verdict of each N, and so N*, is the same either way
 * @param method         the paper's bracket search, or the adaptive search ({@link AdaptiveSearch})
 * @param maxTrials      the adaptive search's budget: at most this many configurations asked for by its rounds
 *                       (stored trials it starts from are not counted); unused by the bracket search
 */
public record SearchSettings(long divisor, int maxSampleSizes, double tolerance, boolean successRate, Method method,
                             int maxTrials) {

    public static final SearchSettings PAPER = new SearchSettings(1000, 20, 0.05);

    public enum Method {
        /** The paper's search: N_max, geometric steps down, bisection ({@link NStarSearch}). */
        BRACKET,
        /** A Bayesian adaptive design on the success curve ({@link AdaptiveSearch}). */
        ADAPTIVE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Without success rates: siblings are cancelled once one configuration succeeds. */
    public SearchSettings(long divisor, int maxSampleSizes, double tolerance) {
        this(divisor, maxSampleSizes, tolerance, false);
    }

    /** The paper's bracket search. */
    public SearchSettings(long divisor, int maxSampleSizes, double tolerance, boolean successRate) {
        this(divisor, maxSampleSizes, tolerance, successRate, Method.BRACKET, 0);
    }

    public SearchSettings {
        if (divisor < 2) {
            throw new IllegalArgumentException("search divisor M must be at least 2, got " + divisor);
        }
        if (maxSampleSizes < 1) {
            throw new IllegalArgumentException("search max-sample-sizes S must be at least 1, got " + maxSampleSizes);
        }
        if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("search tolerance must be a positive number, got " + tolerance);
        }
        if (method == Method.ADAPTIVE && maxTrials < 1) {
            throw new IllegalArgumentException("search max-trials must be at least 1, got " + maxTrials);
        }
    }

    public boolean adaptive() {
        return method == Method.ADAPTIVE;
    }
}
