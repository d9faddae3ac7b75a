package dev.statetrack.search;

/**
 * Parameters of the N* search (STUDY.md).
 *
 * @param divisor        M: the geometric phase divides N by this while N keeps succeeding
 * @param maxSampleSizes S: at most this many sample sizes are tried in all, N_max included
 * @param tolerance      bisection stops once hi ≤ (1 + tolerance)·lo (or hi − lo ≤ 1)
 * @param successRate    train every configuration of each tried N to its own success or budget instead of
 *                       cancelling siblings after the first success, so each N has a success count k of n;
 *                       the verdict of each N, and so N*, is the same either way
 */
public record SearchSettings(long divisor, int maxSampleSizes, double tolerance, boolean successRate) {

    public static final SearchSettings PAPER = new SearchSettings(1000, 20, 0.05);

    /** Without success rates: siblings are cancelled once one configuration succeeds. */
    public SearchSettings(long divisor, int maxSampleSizes, double tolerance) {
        this(divisor, maxSampleSizes, tolerance, false);
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
    }
}
