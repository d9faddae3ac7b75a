package dev.statetrack.task;

/** Draws the validation set, then the training set, as STUDY.md specifies. */
public final class DatasetSampler {

    private DatasetSampler() {
    }

    /**
     * @throws IllegalArgumentException when trainSize exceeds what is available after validation,
     *                                  or the space is too small to hold out a validation set
     */
    public static Dataset sample(Group group, LengthDistribution distribution, int maxLength, long trainSize,
                                 long seed) {
        throw new UnsupportedOperationException("sampling lands with the task library");
    }

    /** Sequences left for training after validation (saturates at Long.MAX_VALUE). */
    public static long availableForTraining(int groupOrder, LengthDistribution distribution, int maxLength) {
        throw new UnsupportedOperationException("sampling lands with the task library");
    }

    /** Fresh sequences of exactly length n, for probes (length generalisation); unique among themselves. */
    public static java.util.List<Sample> probe(Group group, int n, int count, long seed) {
        throw new UnsupportedOperationException("sampling lands with the task library");
    }
}
