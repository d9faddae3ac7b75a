package dev.statetrack.task;

import java.util.Arrays;
import java.util.List;

/**
 * Encoded samples padded to one length, row-major (batchSize × length). Padding positions hold the
 * PAD token and are never supervised: their mask is 0 and their target is 0 (a valid class id that
 * the mask removes from the loss). Built from encoded sample objects, or straight from packed
 * sequences with no object per sample (what training does every step).
 */
public record Batch(int batchSize, int length, long[] inputs, long[] targets, float[] mask,
                    int[] answerPositions, int supervisedCount) {

    public static Batch of(List<EncodedSample> samples, Vocabulary vocabulary) {
        int b = samples.size();
        int t = 0;
        for (EncodedSample s : samples) {
            t = Math.max(t, s.length());
        }
        long[] inputs = new long[b * t];
        long[] targets = new long[b * t];
        float[] mask = new float[b * t];
        int[] answers = new int[b];
        Arrays.fill(inputs, vocabulary.pad());
        int supervised = 0;
        for (int row = 0; row < b; row++) {
            EncodedSample s = samples.get(row);
            int base = row * t;
            for (int p = 0; p < s.length(); p++) {
                inputs[base + p] = s.input()[p];
                int target = s.target()[p];
                if (target != EncodedSample.UNSUPERVISED) {
                    targets[base + p] = target;
                    mask[base + p] = 1f;
                    supervised++;
                }
            }
            answers[row] = s.answerPosition();
        }
        return new Batch(b, t, inputs, targets, mask, answers, supervised);
    }

    /** The sequences at these rows of a packed set, encoded in this format; states are computed here. */
    public static Batch of(PackedSequences sequences, int[] rows, Format format, Vocabulary vocabulary) {
        int b = rows.length;
        int longest = 0;
        for (int row : rows) {
            longest = Math.max(longest, sequences.length(row));
        }
        int t = b == 0 ? 0 : format.inputLength(longest);
        long[] inputs = new long[b * t];
        long[] targets = new long[b * t];
        float[] mask = new float[b * t];
        int[] answers = new int[b];
        Arrays.fill(inputs, vocabulary.pad());
        int[] x = new int[longest];
        int[] s = new int[longest];
        int sep = vocabulary.sep();
        int supervised = 0;
        for (int row = 0; row < b; row++) {
            int n = sequences.read(rows[row], x);
            sequences.group().runningStates(x, n, s);
            int base = row * t;
            int length = format.inputLength(n);
            for (int p = 0; p < length; p++) {
                inputs[base + p] = format.inputToken(x, s, n, sep, p);
            }
            for (int p = format.firstSupervised(n); p < length; p++) {
                targets[base + p] = s[p + n - length];
                mask[base + p] = 1f;
                supervised++;
            }
            answers[row] = length - 1;
        }
        return new Batch(b, t, inputs, targets, mask, answers, supervised);
    }
}
