package dev.statetrack.task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws the validation set, then the training set, as STUDY.md specifies.
 *
 * <p>Every random choice comes from a stream derived from the seed alone: one permutation per length
 * for the sequences themselves ({@link LengthPool}), one stream for the validation lengths, one for the
 * training lengths. Validation is drawn first, so it is the same for every N; and training sets are
 * nested (the set for N is a prefix of the set for any larger N), so a search compares like with like.
 *
 * <p>The draw runs twice over the lengths: first it decides every sequence's length (and so where it
 * starts in the packed arrays), then it writes each sequence, the next rank of its length. Memory is the
 * dataset itself; time is linear in its elements, with no rejection and nothing remembered.
 */
public final class DatasetSampler {

    /** The longest sequences a dataset may hold (probes go to twice this). */
    public static final int MAX_LENGTH = 10_000;

    private static final long VALIDATION_STREAM = -1;
    private static final long TRAINING_STREAM = -2;

    private DatasetSampler() {
    }

    /**
     * @throws IllegalArgumentException when L &lt; 2, N &lt; 1, N exceeds what is available after
     *                                  validation, or the space is too small to hold out a validation set
     */
    public static Dataset sample(Group group, LengthDistribution distribution, int maxLength, long trainSize,
                                 long seed) {
        int k = group.order();
        checkMaxLength(maxLength);
        checkLongest(maxLength);
        int validationSize = SequenceSpace.validationSize(k, distribution, maxLength);
        if (validationSize == 0) {
            throw new IllegalArgumentException("the sequence space of " + group.name() + " at L=" + maxLength
                    + " (" + distribution.id() + ") has a single sequence: nothing can be held out for validation");
        }
        long available = SequenceSpace.availableForTraining(k, distribution, maxLength);
        if (trainSize < 1 || trainSize > available) {
            throw new IllegalArgumentException("train size " + trainSize + " is not allowed for " + group.name()
                    + ", " + distribution.id() + ", L=" + maxLength + ": allowed 1.." + available
                    + " (the sequences left after the validation set)");
        }
        if (trainSize > PackedSequences.MAX_ELEMENTS) {
            throw new IllegalArgumentException("train size " + trainSize + " does not fit in memory");
        }
        Pools pools = new Pools(k, maxLength, seed);
        int[] validationOffsets = drawValidation(pools, distribution, maxLength, validationSize, seed);
        long[] validationTaken = pools.taken();
        int[] trainOffsets = switch (distribution) {
            case FIXED -> drawFixed(pools, maxLength, (int) trainSize);
            case UNIFORM -> drawUniform(pools, maxLength, (int) trainSize, seed);
            case SHORT_TO_LONG -> drawShortToLong(pools, maxLength, (int) trainSize);
        };
        PackedSequences validation = pools.fill(group, validationOffsets, new long[maxLength + 1]);
        PackedSequences train = pools.fill(group, trainOffsets, validationTaken.clone());
        return new Dataset(train, validation, pools.byLength, validationTaken);
    }

    /** Sequences left for training after validation (saturates at Long.MAX_VALUE). */
    public static long availableForTraining(int groupOrder, LengthDistribution distribution, int maxLength) {
        checkMaxLength(maxLength);
        checkLongest(maxLength);
        return SequenceSpace.availableForTraining(groupOrder, distribution, maxLength);
    }

    /**
     * Java heap of the dataset {@link #sample} returns for N training sequences: the training set's
     * elements as the draw hands out lengths (fixed takes all from L, short-to-long exhausts lengths in
     * order, uniform shares equally among the lengths not yet exhausted, validation's share of each
     * length left out), the validation set's at L each.
     */
    public static long heapBytes(int groupOrder, LengthDistribution distribution, int maxLength, long trainSize) {
        int[] lengths = SequenceSpace.trainingLengths(distribution, maxLength);
        Map<Integer, Long> caps = SequenceSpace.validationCaps(groupOrder, distribution, maxLength);
        double elements = 0;
        long left = trainSize;
        for (int i = 0; i < lengths.length && left > 0; i++) {
            long size = SequenceSpace.countOfLength(groupOrder, lengths[i]);
            long open = size == Long.MAX_VALUE ? size : size - caps.getOrDefault(lengths[i], 0L);
            long share = distribution == LengthDistribution.UNIFORM ? left / (lengths.length - i) : left;
            long taken = Math.min(open, Math.max(share, 1));
            elements += (double) taken * lengths[i];
            left -= taken;
        }
        int validation = SequenceSpace.validationSize(groupOrder, distribution, maxLength);
        boolean oneLength = distribution == LengthDistribution.FIXED;
        return (long) ((double) PackedSequences.heapBytes(groupOrder, trainSize, (long) Math.min(elements, 1e18),
                oneLength) + PackedSequences.heapBytes(groupOrder, validation, (long) validation * maxLength, oneLength));
    }

    /**
     * Distinct random sequences of exactly length n (all of them if fewer than count exist), for
     * probes such as length generalisation. Drawn from a permutation of their own: at lengths a training
     * set also covers they may coincide with training sequences ({@link Dataset#trains} tells).
     */
    public static PackedSequences probe(Group group, int n, int count, long seed) {
        checkMaxLength(n);
        LengthPool pool = new LengthPool(group.order(), n, mix(seed ^ 0x5DEECE66DL, n));
        int m = (int) Math.min(count, pool.remaining());
        int[] offsets = new int[m + 1];
        for (int i = 0; i < m; i++) {
            offsets[i + 1] = offsets[i] + n;
        }
        PackedSequences probes = new PackedSequences(group, offsets);
        int[] x = new int[n];
        for (int i = 0; i < m; i++) {
            pool.decode(pool.next(), x);
            probes.set(i, x);
        }
        return probes;
    }

    private static int[] drawValidation(Pools pools, LengthDistribution distribution, int maxLength, int size,
                                        long seed) {
        SplittableRandom random = new SplittableRandom(mix(seed, VALIDATION_STREAM));
        Map<Integer, Long> caps = SequenceSpace.validationCaps(pools.groupOrder, distribution, maxLength);
        List<Integer> open = new ArrayList<>();
        caps.forEach((n, cap) -> {
            if (cap > 0) {
                open.add(n);
            }
        });
        Offsets validation = new Offsets(size);
        while (validation.count < size && !open.isEmpty()) {
            int slot = random.nextInt(open.size());
            int n = open.get(slot);
            validation.add(pools.take(n));
            if (pools.of(n).taken() >= caps.get(n)) {
                open.remove(slot);
            }
        }
        return validation.offsets();
    }

    private static int[] drawFixed(Pools pools, int length, int count) {
        Offsets train = new Offsets(count);
        for (int i = 0; i < count; i++) {
            train.add(pools.take(length));
        }
        return train.offsets();
    }

    private static int[] drawUniform(Pools pools, int maxLength, int count, long seed) {
        SplittableRandom random = new SplittableRandom(mix(seed, TRAINING_STREAM));
        List<Integer> open = new ArrayList<>();
        for (int n = 2; n <= maxLength; n++) {
            open.add(n);
        }
        open.removeIf(n -> pools.of(n).remaining() == 0);
        Offsets train = new Offsets(count);
        while (train.count < count) {
            int slot = random.nextInt(open.size());
            int n = open.get(slot);
            train.add(pools.take(n));
            if (pools.of(n).remaining() == 0) {
                open.remove(slot);
            }
        }
        return train.offsets();
    }

    private static int[] drawShortToLong(Pools pools, int maxLength, int count) {
        Offsets train = new Offsets(count);
        for (int n = 2; n <= maxLength && train.count < count; n++) {
            LengthPool pool = pools.of(n);
            while (train.count < count && pool.remaining() > 0) {
                train.add(pools.take(n));
            }
        }
        return train.offsets();
    }

    private static void checkMaxLength(int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maximum length L=" + maxLength + " is not allowed: L must be at least 2");
        }
    }

    private static void checkLongest(int maxLength) {
        if (maxLength > MAX_LENGTH) {
            throw new IllegalArgumentException("maximum length L=" + maxLength + " is not allowed: L must be at most "
                    + MAX_LENGTH);
        }
    }

    private static long mix(long seed, long stream) {
        return seed * 0x9E3779B97F4A7C15L + stream * 0xC2B2AE3D27D4EB4FL;
    }

    /** Where each drawn sequence starts in the packed elements, in draw order. */
    private static final class Offsets {
        private final int[] starts;
        private int count;

        Offsets(int capacity) {
            starts = new int[capacity + 1];
        }

        void add(int length) {
            long end = (long) starts[count] + length;
            if (end > PackedSequences.MAX_ELEMENTS) {
                throw new IllegalArgumentException("a dataset of " + (starts.length - 1) + " sequences holds more than "
                        + PackedSequences.MAX_ELEMENTS + " elements, more than one set holds; ask for fewer");
            }
            starts[++count] = (int) end;
        }

        int[] offsets() {
            return count == starts.length - 1 ? starts : Arrays.copyOf(starts, count + 1);
        }
    }

    /** One pool per length, each with its own permutation, shared by validation and training. */
    private static final class Pools {
        private final int groupOrder;
        private final long seed;
        private final LengthPool[] byLength;

        Pools(int groupOrder, int maxLength, long seed) {
            this.groupOrder = groupOrder;
            this.seed = seed;
            this.byLength = new LengthPool[maxLength + 1];
        }

        LengthPool of(int n) {
            if (byLength[n] == null) {
                byLength[n] = new LengthPool(groupOrder, n, mix(seed, n));
            }
            return byLength[n];
        }

        /** Takes a rank of length n; the sequence is written later, by {@link #fill}. */
        int take(int n) {
            of(n).next();
            return n;
        }

        long[] taken() {
            long[] taken = new long[byLength.length];
            for (int n = 0; n < byLength.length; n++) {
                taken[n] = byLength[n] == null ? 0 : byLength[n].taken();
            }
            return taken;
        }

        /** Writes each sequence of the offsets, the next rank of its length from nextRank on. */
        PackedSequences fill(Group group, int[] offsets, long[] nextRank) {
            PackedSequences packed = new PackedSequences(group, offsets);
            int[] x = new int[byLength.length];
            for (int i = 0; i < packed.size(); i++) {
                int n = packed.length(i);
                of(n).decode(nextRank[n]++, x);
                packed.set(i, x);
            }
            return packed;
        }
    }
}
