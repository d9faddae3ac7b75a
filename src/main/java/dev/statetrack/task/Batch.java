package dev.statetrack.task;

import java.util.Arrays;
import java.util.List;

/**
 * Encoded samples padded to one length, row-major (batchSize × length). Padding positions hold the
 * PAD token and are never supervised: their mask is 0 and their target is 0 (a valid class id that
 * the mask removes from the loss).
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
}
