package dev.statetrack.analysis;

/** How many of the configurations tried at one training-set size succeeded. */
public record SuccessCount(long trainSize, int successes, int trials) {

    public SuccessCount {
        if (trainSize < 1 || trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("a success count needs N >= 1 and 0 <= k <= n, got N=" + trainSize
                    + ", k=" + successes + ", n=" + trials);
        }
    }

    public double rate() {
        return trials == 0 ? Double.NaN : (double) successes / trials;
    }
}
