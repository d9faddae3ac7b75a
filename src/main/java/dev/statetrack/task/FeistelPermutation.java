package dev.statetrack.task;

import java.util.SplittableRandom;

/**
 * A keyed pseudorandom permutation of [0, size): a Feistel network over the smallest number of bits
 * that holds size − 1, split into two halves that differ by at most one bit and take turns being
 * xored with a keyed hash of the other (the alternating Feistel of format-preserving encryption), with
 * cycle walking: an image outside [0, size) is encrypted again until it falls inside. It needs no
 * memory beyond its round keys, so sequences can be handed out in a seeded random order without
 * remembering which were drawn, and an index's position in that order (its rank) can be recovered
 * with {@link #invert}. The network's domain is less than twice the size, so a walk takes fewer than
 * two encryptions on average (batch order draws one per training row).
 */
public final class FeistelPermutation {

    /** The largest size: halves of 31 bits, so that every value stays a non-negative long. */
    public static final long MAX_SIZE = 1L << 62;
    /** Each half is rewritten four times: Luby–Rackoff's four rounds, twice over for small domains. */
    private static final int ROUNDS = 8;

    private final long size;
    private final int rightBits;
    private final long leftMask;
    private final long rightMask;
    private final long[] roundKeys = new long[ROUNDS];

    public FeistelPermutation(long size, long key) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("permutation size must be in 1.." + MAX_SIZE + ", got " + size);
        }
        this.size = size;
        int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(size - 1));
        this.rightBits = (bits + 1) / 2;
        this.leftMask = (1L << (bits - rightBits)) - 1;
        this.rightMask = (1L << rightBits) - 1;
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
        long left = x >>> rightBits;
        long right = x & rightMask;
        for (int r = 0; r < ROUNDS; r += 2) {
            left ^= mix(right ^ roundKeys[r]) & leftMask;
            right ^= mix(left ^ roundKeys[r + 1]) & rightMask;
        }
        return left << rightBits | right;
    }

    /** The rounds of {@link #encrypt} undone in reverse order: each xor is its own inverse. */
    private long decrypt(long x) {
        long left = x >>> rightBits;
        long right = x & rightMask;
        for (int r = ROUNDS - 2; r >= 0; r -= 2) {
            right ^= mix(left ^ roundKeys[r + 1]) & rightMask;
            left ^= mix(right ^ roundKeys[r]) & leftMask;
        }
        return left << rightBits | right;
    }

    /** SplitMix64's finaliser: every input bit reaches every output bit. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
