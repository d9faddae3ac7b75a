package dev.statetrack.search;

/**
 * Parameters of the N* search (STUDY.md).
 *
 * @param divisor        M: the geometric phase divides N by this while N keeps succeeding
 * @param maxSampleSizes S: at most this many sample sizes are tried in all, N_max included
 * @param tolerance      bisection stops once hi ≤ (1 + tolerance)·lo (or hi − lo ≤ 1)
 */
public record SearchSettings(long divisor, int maxSampleSizes, double tolerance) {

    public static final SearchSettings PAPER = new SearchSettings(1000, 20, 0.05);

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
