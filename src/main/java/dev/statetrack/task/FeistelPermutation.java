package dev.statetrack.task;

import java.util.SplittableRandom;

/**
 * A keyed pseudorandom permutation of [0, size): a balanced Feistel network over the smallest even
 * number of bits that holds size − 1, with cycle walking (an image outside [0, size) is encrypted again
 * until it falls inside), the construction of format-preserving encryption. It needs no memory beyond
 * its round keys, so sequences can be handed out in a seeded random order without remembering which
 * were drawn, and an index's position in that order (its rank) can be recovered with {@link #invert}.
 * The network's domain is less than four times the size, so a walk takes fewer than four encryptions
 * on average.
 */
public final class FeistelPermutation {

    /** The largest size: two halves of 31 bits, so that every value stays a non-negative long. */
    public static final long MAX_SIZE = 1L << 62;
    /** More than the four rounds Luby–Rackoff needs, as format-preserving ciphers use on small domains. */
    private static final int ROUNDS = 8;

    private final long size;
    private final int halfBits;
    private final long halfMask;
    private final long[] roundKeys = new long[ROUNDS];

    public FeistelPermutation(long size, long key) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("permutation size must be in 1.." + MAX_SIZE + ", got " + size);
        }
        this.size = size;
        int bits = 64 - Long.numberOfLeadingZeros(size - 1);
        this.halfBits = Math.max(1, (bits + 1) / 2);
        this.halfMask = (1L << halfBits) - 1;
        // mixed first: keys that differ by SplittableRandom's gamma would otherwise give shifted round keys
        SplittableRandom keys = new SplittableRandom(mix(key));
        for (int r = 0; r < ROUNDS; r++) {
            roundKeys[r] = keys.nextLong();
        }
    }

    public long size() {
        return size;
    }

    /** The image of index, in [0, size). */
    public long apply(long index) {
        check(index);
        long x = index;
        do {
            x = encrypt(x);
        } while (x >= size);
        return x;
    }

    /** The index whose image is {@code image}: apply(invert(y)) == y. */
    public long invert(long image) {
        check(image);
        long x = image;
        do {
            x = decrypt(x);
        } while (x >= size);
        return x;
    }

    private void check(long value) {
        if (value < 0 || value >= size) {
            throw new IllegalArgumentException(value + " is outside 0.." + (size - 1));
        }
    }

    private long encrypt(long x) {
        long left = x >>> halfBits;
        long right = x & halfMask;
        for (int r = 0; r < ROUNDS; r++) {
            long next = left ^ round(r, right);
            left = right;
            right = next;
        }
        return left << halfBits | right;
    }

    private long decrypt(long x) {
        long left = x >>> halfBits;
        long right = x & halfMask;
        for (int r = ROUNDS - 1; r >= 0; r--) {
            long previous = right ^ round(r, left);
            right = left;
            left = previous;
        }
        return left << halfBits | right;
    }

    private long round(int r, long half) {
        return mix(half ^ roundKeys[r]) & halfMask;
    }

    /** SplitMix64's finaliser: every input bit reaches every output bit. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
