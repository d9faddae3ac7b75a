package dev.statetrack.task;

import java.util.SplittableRandom;

/**
 * The sequences of one length n in a seeded random order, handed out one rank at a time: the sequence
 * of rank r is the base-k digits (x_1 the most significant) of a keyed permutation of r. Distinct ranks
 * give distinct sequences, so nothing drawn needs remembering, and a sequence's rank is its identity
 * ({@link #rankOf}). Validation draws first from the same pool, so its sequences are the first ranks and
 * training can never receive one.
 *
 * <p>Where k^n exceeds {@link FeistelPermutation#MAX_SIZE} the permutation covers the first m digits
 * (the most whose k^m fits) and the other digits come from a random stream seeded by the rank: different
 * ranks still differ in their first m digits, and k^m ≥ 2^62 / k is far more than any dataset takes.
 */
final class LengthPool {

    private static final long SUFFIX_STREAM = 0x6A09E667F3BCC909L;

    private final int groupOrder;
    private final int length;
    private final long size;
    private final int prefixDigits;
    private final FeistelPermutation prefixes;
    private final long key;
    private long taken;

    LengthPool(int groupOrder, int length, long key) {
        this.groupOrder = groupOrder;
        this.length = length;
        this.size = SequenceSpace.countOfLength(groupOrder, length);
        this.key = key;
        int digits = 0;
        long prefixCount = 1;
        while (digits < length && prefixCount <= FeistelPermutation.MAX_SIZE / groupOrder) {
            prefixCount *= groupOrder;
            digits++;
        }
        this.prefixDigits = digits;
        this.prefixes = new FeistelPermutation(prefixCount, key);
    }

    long remaining() {
        return size - taken;
    }

    long taken() {
        return taken;
    }

    /** Takes the next rank. */
    long next() {
        if (remaining() <= 0) {
            throw new IllegalStateException("no sequences of length " + length + " left");
        }
        return taken++;
    }

    /** Writes the sequence of this rank into {@code into[0..n)}. */
    void decode(long rank, int[] into) {
        long index = prefixes.apply(rank);
        for (int i = prefixDigits - 1; i >= 0; i--) {
            into[i] = (int) (index % groupOrder);
            index /= groupOrder;
        }
        if (prefixDigits < length) {
            SplittableRandom suffix = suffix(rank);
            for (int i = prefixDigits; i < length; i++) {
                into[i] = suffix.nextInt(groupOrder);
            }
        }
    }

    /** The rank whose sequence this is, or −1 when none is (its digits after the first m are not that rank's). */
    long rankOf(int[] elements) {
        if (elements.length != length) {
            throw new IllegalArgumentException("a sequence of length " + elements.length + " in the pool of " + length);
        }
        long index = 0;
        for (int i = 0; i < prefixDigits; i++) {
            index = index * groupOrder + elements[i];
        }
        long rank = prefixes.invert(index);
        if (prefixDigits < length) {
            SplittableRandom suffix = suffix(rank);
            for (int i = prefixDigits; i < length; i++) {
                if (suffix.nextInt(groupOrder) != elements[i]) {
                    return -1;
                }
            }
        }
        return rank;
    }

    private SplittableRandom suffix(long rank) {
        // mixed, not an arithmetic progression: seeds a multiple of SplittableRandom's gamma apart give shifted copies of one stream
        return new SplittableRandom(FeistelPermutation.mix(FeistelPermutation.mix(key ^ SUFFIX_STREAM) + rank));
    }
}
