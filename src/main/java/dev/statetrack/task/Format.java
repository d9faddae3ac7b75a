package dev.statetrack.task;

import java.util.Arrays;
import java.util.Locale;

/** Supervision formats of STUDY.md: which stream a sample becomes and which positions are supervised. */
public enum Format {
    /** Stream {@code x_1..x_n SEP s_n}; only s_n is supervised, predicted at SEP. */
    OUTCOME,
    /** Stream {@code x_1..x_n SEP s_1..s_n}; every s_i is supervised, predicted from the token before it. */
    COT,
    /** Stream {@code x_1..x_n}; at position i the model outputs s_i. */
    ACOT;

    public EncodedSample encode(Sample sample, Vocabulary vocabulary) {
        int n = sample.length();
        int length = inputLength(n);
        int[] input = new int[length];
        for (int p = 0; p < length; p++) {
            input[p] = inputToken(sample.elements(), sample.states(), n, vocabulary.sep(), p);
        }
        int[] target = unsupervised(length);
        for (int p = firstSupervised(n); p < length; p++) {
            target[p] = sample.states()[p + n - length];
        }
        return new EncodedSample(input, target, length - 1, promptLength(n));
    }

    /**
     * Input token p of a sequence x of length n with states s: x_1..x_n, then SEP for next-token
     * formats, then s_1..s_{n-1} for cot. {@link #encode} and the batches built from packed sequences
     * both read the stream from here.
     */
    public int inputToken(int[] x, int[] s, int n, int sep, int p) {
        if (p < n) {
            return x[p];
        }
        return p == n ? sep : s[p - n - 1];
    }

    /**
     * The first supervised input position at sequence length n. The supervised positions run from it to
     * the input's end and their targets are the last states: position p's is s[p + n − inputLength(n)], so
     * the last input position's is the final state.
     */
    public int firstSupervised(int n) {
        return this == ACOT ? 0 : n;
    }

    /** The whole token stream of STUDY.md's table: the input plus, for next-token formats, the last target. */
    public int[] stream(EncodedSample encoded) {
        int[] input = encoded.input();
        if (!isNextToken()) {
            return input.clone();
        }
        int[] stream = Arrays.copyOf(input, input.length + 1);
        stream[input.length] = encoded.target()[input.length - 1];
        return stream;
    }

    /** Positions of the input (equally, of the stream) at which the model's output is supervised. */
    public int[] supervisedPositions(EncodedSample encoded) {
        int[] target = encoded.target();
        int[] positions = new int[encoded.supervisedCount()];
        int i = 0;
        for (int p = 0; p < target.length; p++) {
            if (target[p] != EncodedSample.UNSUPERVISED) {
                positions[i++] = p;
            }
        }
        return positions;
    }

    /** Input tokens that come from the sequence itself (what greedy decoding starts from). */
    public int promptLength(int n) {
        return isNextToken() ? n + 1 : n;
    }

    /** Input length of a sample of sequence length n. */
    public int inputLength(int n) {
        return switch (this) {
            case OUTCOME -> n + 1;
            case COT -> 2 * n;
            case ACOT -> n;
        };
    }

    /** Whether the model is trained by next-token prediction (as opposed to per-position labelling). */
    public boolean isNextToken() {
        return this != ACOT;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Format parse(String text) {
        for (Format f : values()) {
            if (f.id().equalsIgnoreCase(text.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + text + "'; allowed: outcome, cot, acot");
    }

    private static int[] unsupervised(int length) {
        int[] target = new int[length];
        Arrays.fill(target, EncodedSample.UNSUPERVISED);
        return target;
    }
}
