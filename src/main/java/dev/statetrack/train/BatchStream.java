package dev.statetrack.train;

import dev.statetrack.task.FeistelPermutation;

/**
 * Training batches of a fixed size drawn from N items, as item indices: the items are reshuffled each
 * time they are used up, and a batch continues into the next shuffle when it straddles one. So every
 * item is seen equally often and a step costs the same whatever N is; with N below the batch size a
 * batch holds repeats, which leaves the mean loss and its gradient those of the N items. Each shuffle
 * is a keyed permutation of the indices ({@link FeistelPermutation}, keyed by the seed and the epoch),
 * so the stream holds no array of N indices.
 */
final class BatchStream {

    private final int size;
    private final int batchSize;
    private final long seed;
    private FeistelPermutation order;
    private long epoch = -1;
    private int cursor;

    BatchStream(int size, int batchSize, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("no training samples");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.size = size;
        this.batchSize = batchSize;
        this.seed = seed;
        this.cursor = size;
    }

    int[] next() {
        int[] batch = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            if (cursor == size) {
                epoch++;
                order = new FeistelPermutation(size, seed * 0x9E3779B97F4A7C15L + epoch);
                cursor = 0;
            }
            batch[i] = (int) order.apply(cursor++);
        }
        return batch;
    }
}
