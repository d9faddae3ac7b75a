package dev.statetrack.task;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Hands out distinct random sequences of one length, never the same one twice. Validation draws
 * first from the same pool, so training can never receive a validation sequence.
 *
 * <p>Small spaces (k^n ≤ 2^20) are enumerated and shuffled incrementally (Fisher–Yates), which stays
 * fast when a large fraction is taken (short-to-long takes every sequence). Large spaces draw
 * uniformly and reject duplicates with a hash set: the fraction taken is then tiny.
 */
final class LengthPool {

    static final long ENUMERATION_LIMIT = 1L << 20;

    private final int groupOrder;
    private final int length;
    private final long size;
    private final SplittableRandom random;
    private int[] shuffled;
    private int taken;
    private final Set<Object> seen;

    LengthPool(int groupOrder, int length, SplittableRandom random) {
        this.groupOrder = groupOrder;
        this.length = length;
        this.size = SequenceSpace.countOfLength(groupOrder, length);
        this.random = random;
        this.seen = size <= ENUMERATION_LIMIT ? null : new HashSet<>();
    }

    long remaining() {
        return size - taken();
    }

    long taken() {
        return seen == null ? taken : seen.size();
    }

    int[] next() {
        if (remaining() <= 0) {
            throw new IllegalStateException("no sequences of length " + length + " left");
        }
        if (seen == null) {
            return nextEnumerated();
        }
        while (true) {
            int[] x = new int[length];
            for (int i = 0; i < length; i++) {
                x[i] = random.nextInt(groupOrder);
            }
            if (seen.add(key(x))) {
                return x;
            }
        }
    }

    private int[] nextEnumerated() {
        if (shuffled == null) {
            shuffled = new int[(int) size];
            for (int i = 0; i < shuffled.length; i++) {
                shuffled[i] = i;
            }
        }
        int j = taken + random.nextInt(shuffled.length - taken);
        int index = shuffled[j];
        shuffled[j] = shuffled[taken];
        shuffled[taken] = index;
        taken++;
        return decode(index);
    }

    /** Index in base k, x_1 the most significant digit. */
    private int[] decode(long index) {
        int[] x = new int[length];
        for (int i = length - 1; i >= 0; i--) {
            x[i] = (int) (index % groupOrder);
            index /= groupOrder;
        }
        return x;
    }

    /** A compact key: the base-k index when it fits in a long, else the elements themselves. */
    private Object key(int[] x) {
        if (size < Long.MAX_VALUE) {
            long index = 0;
            for (int e : x) {
                index = index * groupOrder + e;
            }
            return index;
        }
        return new ElementsKey(x);
    }

    private record ElementsKey(int[] elements) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ElementsKey other && Arrays.equals(elements, other.elements);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(elements);
        }
    }
}
