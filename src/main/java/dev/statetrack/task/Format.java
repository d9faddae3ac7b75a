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
        int[] x = sample.elements();
        int[] s = sample.states();
        switch (this) {
            case OUTCOME -> {
                int[] input = Arrays.copyOf(x, n + 1);
                input[n] = vocabulary.sep();
                int[] target = unsupervised(n + 1);
                target[n] = s[n - 1];
                return new EncodedSample(input, target, n, n + 1);
            }
            case COT -> {
                int[] input = new int[2 * n];
                System.arraycopy(x, 0, input, 0, n);
                input[n] = vocabulary.sep();
                System.arraycopy(s, 0, input, n + 1, n - 1);
                int[] target = unsupervised(2 * n);
                System.arraycopy(s, 0, target, n, n);
                return new EncodedSample(input, target, 2 * n - 1, n + 1);
            }
            case ACOT -> {
                return new EncodedSample(x.clone(), s.clone(), n - 1, n);
            }
            default -> throw new IllegalStateException(name());
        }
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
