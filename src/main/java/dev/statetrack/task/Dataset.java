package dev.statetrack.task;

/**
 * A training set and its validation set; the two never share a sequence. Both come from one draw in
 * which every length's sequences have ranks: validation holds the first ranks of each length, training
 * the ranks after them, so whether a sequence is a training one is a question of its rank, asked
 * without a set of everything drawn.
 */
public final class Dataset {

    private final PackedSequences train;
    private final PackedSequences validation;
    private final LengthPool[] pools;
    private final long[] validationTaken;

    /** @param pools by length, after the draw; validationTaken: ranks validation took of each length */
    Dataset(PackedSequences train, PackedSequences validation, LengthPool[] pools, long[] validationTaken) {
        this.train = train;
        this.validation = validation;
        this.pools = pools;
        this.validationTaken = validationTaken;
    }

    public PackedSequences train() {
        return train;
    }

    public PackedSequences validation() {
        return validation;
    }

    /** Whether this sequence is in the training set. */
    public boolean trains(int[] elements) {
        int n = elements.length;
        if (n >= pools.length || pools[n] == null) {
            return false;
        }
        long rank = pools[n].rankOf(elements);
        return rank >= validationTaken[n] && rank < pools[n].taken();
    }

    /** Heap the two sets take. */
    public long heapBytes() {
        return train.heapBytes() + validation.heapBytes();
    }
}
