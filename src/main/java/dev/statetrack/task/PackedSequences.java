package dev.statetrack.task;

import java.util.List;

/**
 * Sequences of group elements held as primitive arrays: every element in as few bits as the group's
 * order needs (7 for S5's 120 elements, 1 for Z2), one after another in an array of longs, and where
 * each sequence starts, an int per sequence, left out when all have one length (the fixed
 * distribution). A sequence of length 30 of S5 then takes about 30 bytes instead of the kilobyte its
 * objects took; states are computed when a batch is built
 * ({@link Batch#of(PackedSequences, int[], Format, Vocabulary)}), a table lookup per element.
 */
public final class PackedSequences {

    /** The most elements one set may hold: sequence starts are ints. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private final Group group;
    private final int bits;
    private final long elementMask;
    /** Where each sequence starts, in elements, plus the end; null when every sequence has {@link #oneLength}. */
    private final int[] offsets;
    private final int oneLength;
    private final int count;
    private final long[] words;

    /** @param offsets where each sequence starts, in elements, plus the end: size + 1 entries, non-decreasing */
    PackedSequences(Group group, int[] offsets) {
        this.group = group;
        this.bits = bitsPerElement(group.order());
        this.elementMask = (1L << bits) - 1;
        this.count = offsets.length - 1;
        int first = count == 0 ? 0 : offsets[1] - offsets[0];
        boolean same = true;
        for (int i = 1; i < count && same; i++) {
            same = offsets[i + 1] - offsets[i] == first;
        }
        this.offsets = same ? null : offsets;
        this.oneLength = first;
        this.words = new long[(int) ((offsets[count] * (long) bits + 63) / 64)];
    }

    public static PackedSequences of(Group group, List<int[]> sequences) {
        int[] offsets = new int[sequences.size() + 1];
        for (int i = 0; i < sequences.size(); i++) {
            long end = (long) offsets[i] + sequences.get(i).length;
            if (end > MAX_ELEMENTS) {
                throw new IllegalArgumentException("more than " + MAX_ELEMENTS + " elements in one set");
            }
            offsets[i + 1] = (int) end;
        }
        PackedSequences packed = new PackedSequences(group, offsets);
        for (int i = 0; i < sequences.size(); i++) {
            packed.set(i, sequences.get(i));
        }
        return packed;
    }

    /**
     * Bytes of the heap a set of this many sequences and elements takes (arrays and their headers).
     *
     * @param oneLength whether all sequences have one length (no starts are kept)
     */
    public static long heapBytes(int groupOrder, long sequences, long elementCount, boolean oneLength) {
        return (oneLength ? 0 : 4 * (sequences + 1)) + 8 * ((elementCount * bitsPerElement(groupOrder) + 63) / 64)
                + 64;
    }

    static int bitsPerElement(int groupOrder) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(groupOrder - 1));
    }

    public Group group() {
        return group;
    }

    public int size() {
        return count;
    }

    public int length(int i) {
        return offsets == null ? oneLength : offsets[i + 1] - offsets[i];
    }

    private long start(int i) {
        return offsets == null ? (long) i * oneLength : offsets[i];
    }

    /** Writes sequence i's elements into {@code into[0..length(i))} and returns its length. */
    public int read(int i, int[] into) {
        int n = length(i);
        long bit = start(i) * bits;
        for (int j = 0; j < n; j++, bit += bits) {
            int word = (int) (bit >>> 6);
            int shift = (int) (bit & 63);
            long value = words[word] >>> shift;
            if (shift + bits > 64) {
                value |= words[word + 1] << (64 - shift);
            }
            into[j] = (int) (value & elementMask);
        }
        return n;
    }

    public int[] elements(int i) {
        int[] x = new int[length(i)];
        read(i, x);
        return x;
    }

    /** Sequence i as an object, for writing it out one at a time. */
    public Sample sample(int i) {
        return Sample.of(group, elements(i));
    }

    /** Bytes this set holds on the heap. */
    public long heapBytes() {
        return (offsets == null ? 0 : 4L * offsets.length) + 8L * words.length + 64;
    }

    /** Stores sequence i; only while the set is being filled. */
    void set(int i, int[] x) {
        int n = length(i);
        if (x.length < n) {
            throw new IllegalArgumentException("sequence " + i + " has " + n + " elements, got " + x.length);
        }
        long bit = start(i) * bits;
        for (int j = 0; j < n; j++, bit += bits) {
            int word = (int) (bit >>> 6);
            int shift = (int) (bit & 63);
            long value = x[j] & elementMask;
            words[word] = words[word] & ~(elementMask << shift) | value << shift;
            if (shift + bits > 64) {
                int high = 64 - shift;
                words[word + 1] = words[word + 1] & ~(elementMask >>> high) | value >>> high;
            }
        }
    }
}
