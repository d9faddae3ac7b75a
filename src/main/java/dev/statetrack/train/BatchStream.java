package dev.statetrack.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Training batches of a fixed size drawn from N items: the items are reshuffled each time they are
 * used up, and a batch continues into the next shuffle when it straddles one. So every item is seen
 * equally often and a step costs the same whatever N is; with N below the batch size a batch holds
 * repeats, which leaves the mean loss and its gradient those of the N items.
 */
final class BatchStream<T> {

    private final List<T> items;
    private final int batchSize;
    private final Random random;
    private final int[] order;
    private int cursor;

    BatchStream(List<T> items, int batchSize, long seed) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("no training samples");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.items = items;
        this.batchSize = batchSize;
        this.random = new Random(seed);
        this.order = new int[items.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        cursor = order.length;
    }

    List<T> next() {
        List<T> batch = new ArrayList<>(batchSize);
        while (batch.size() < batchSize) {
            if (cursor == order.length) {
                shuffle();
                cursor = 0;
            }
            batch.add(items.get(order[cursor++]));
        }
        return batch;
    }

    private void shuffle() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }
}
