package dev.statetrack.task;

import java.util.List;

/**
 * Sequences of group elements held as two primitive arrays: every element in as few bytes as the
 * group's order allows (one up to order 256), one after another, and where each sequence starts. A
 * sequence of length 30 of S5 then takes 34 bytes instead of the kilobyte its objects took; states are
 * computed when a batch is built ({@link Batch#of(PackedSequences, int[], Format, Vocabulary)}), which
 * costs a table lookup per element.
 */
public final class PackedSequences {

    /** The most elements one set may hold: the byte array's limit. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private final Group group;
    private final int width;
    private final int[] offsets;
    private final byte[] elements;

    /** @param offsets where each sequence starts, in elements, plus the end: size + 1 entries, non-decreasing */
    PackedSequences(Group group, int[] offsets) {
        this.group = group;
        this.width = bytesPerElement(group.order());
        this.offsets = offsets;
        long bytes = (long) offsets[offsets.length - 1] * width;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException(offsets[offsets.length - 1] + " elements of " + group.name()
                    + " take " + bytes + " bytes, more than one array holds (" + MAX_BYTES + "); ask for fewer sequences");
        }
        this.elements = new byte[(int) bytes];
    }

    public static PackedSequences of(Group group, List<int[]> sequences) {
        int[] offsets = new int[sequences.size() + 1];
        for (int i = 0; i < sequences.size(); i++) {
            offsets[i + 1] = Math.addExact(offsets[i], sequences.get(i).length);
        }
        PackedSequences packed = new PackedSequences(group, offsets);
        for (int i = 0; i < sequences.size(); i++) {
            packed.set(i, sequences.get(i));
        }
        return packed;
    }

    /** Bytes of the heap a set of this many sequences and elements takes (arrays and their headers). */
    public static long heapBytes(int groupOrder, long sequences, long elementCount) {
        return 4 * (sequences + 1) + elementCount * bytesPerElement(groupOrder) + 64;
    }

    static int bytesPerElement(int groupOrder) {
        return groupOrder <= 1 << 8 ? 1 : groupOrder <= 1 << 16 ? 2 : 3;
    }

    public Group group() {
        return group;
    }

    public int size() {
        return offsets.length - 1;
    }

    public int length(int i) {
        return offsets[i + 1] - offsets[i];
    }

    /** Writes sequence i's elements into {@code into[0..length(i))} and returns its length. */
    public int read(int i, int[] into) {
        int from = offsets[i];
        int n = offsets[i + 1] - from;
        if (width == 1) {
            for (int j = 0; j < n; j++) {
                into[j] = elements[from + j] & 0xFF;
            }
            return n;
        }
        for (int j = 0; j < n; j++) {
            int at = (from + j) * width;
            int value = 0;
            for (int b = 0; b < width; b++) {
                value |= (elements[at + b] & 0xFF) << (8 * b);
            }
            into[j] = value;
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
        return heapBytes(group.order(), size(), offsets[offsets.length - 1]);
    }

    /** Stores sequence i; only while the set is being filled. */
    void set(int i, int[] x) {
        int from = offsets[i];
        int n = offsets[i + 1] - from;
        if (x.length < n) {
            throw new IllegalArgumentException("sequence " + i + " has " + n + " elements, got " + x.length);
        }
        for (int j = 0; j < n; j++) {
            int at = (from + j) * width;
            for (int b = 0; b < width; b++) {
                elements[at + b] = (byte) (x[j] >>> (8 * b));
            }
        }
    }
}
