package dev.statetrack.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.statetrack.task.Batch;

import java.util.Arrays;
import java.util.List;

/**
 * One {@link Batch} per ensemble member as engine arrays: tokens [E, B, T], padded with PAD to the
 * longest rows and sequences among the members (padding is never supervised, and the models are
 * causal, so it changes no supervised output).
 *
 * <p>Each member's supervised positions are kept as flat indices into the (E·B·T) grid, in a row of an
 * [E, S] table where S is the largest count among the members; shorter rows repeat one of the member's
 * own positions with weight 0. So a member's loss is a sum over its own row alone: a member whose
 * logits turned NaN cannot reach another member's loss (0·NaN would, if rows mixed members).
 *
 * @param tokens        E × B × T int64
 * @param supervised    E·S flat indices (int64)
 * @param targets       their targets, shape (E·S, 1) int64
 * @param meanWeights   E × S: 1/(member's supervised count) on real positions, 0 on padding
 * @param sumWeights    E × S: 1 on real positions, 0 on padding
 * @param answers       flat index of every member's rows' final-state positions, member by member
 * @param answerTargets their final states
 * @param rows          real rows per member
 */
record BatchArrays(NDArray tokens, NDArray supervised, NDArray targets, NDArray meanWeights, NDArray sumWeights,
                   NDArray answers, long[] answerTargets, int[] rows) {

    /** @param batches one per member; a member may have an empty batch (no rows) in evaluation */
    static BatchArrays of(List<Batch> batches, long padToken, NDManager manager) {
        int members = batches.size();
        int rowsMax = 0;
        int time = 1;
        int supervisedMax = 1;
        for (Batch b : batches) {
            rowsMax = Math.max(rowsMax, b.batchSize());
            time = Math.max(time, b.length());
            supervisedMax = Math.max(supervisedMax, b.supervisedCount());
        }
        rowsMax = Math.max(rowsMax, 1);
        long[] tokens = new long[members * rowsMax * time];
        Arrays.fill(tokens, padToken);
        long[] positions = new long[members * supervisedMax];
        long[] targets = new long[members * supervisedMax];
        float[] meanWeights = new float[members * supervisedMax];
        float[] sumWeights = new float[members * supervisedMax];
        int answerCount = 0;
        for (Batch b : batches) {
            answerCount += b.batchSize();
        }
        long[] answers = new long[answerCount];
        long[] answerTargets = new long[answerCount];
        int[] rows = new int[members];
        int nextAnswer = 0;
        for (int e = 0; e < members; e++) {
            Batch b = batches.get(e);
            rows[e] = b.batchSize();
            long memberBase = (long) e * rowsMax * time;
            int next = e * supervisedMax;
            float weight = b.supervisedCount() == 0 ? 0f : 1f / b.supervisedCount();
            for (int row = 0; row < b.batchSize(); row++) {
                long rowBase = memberBase + (long) row * time;
                for (int p = 0; p < b.length(); p++) {
                    int i = row * b.length() + p;
                    tokens[(int) (rowBase + p)] = b.inputs()[i];
                    if (b.mask()[i] != 0f) {
                        positions[next] = rowBase + p;
                        targets[next] = b.targets()[i];
                        meanWeights[next] = weight;
                        sumWeights[next] = 1f;
                        next++;
                    }
                }
                answers[nextAnswer] = rowBase + b.answerPositions()[row];
                answerTargets[nextAnswer] = b.targets()[row * b.length() + b.answerPositions()[row]];
                nextAnswer++;
            }
            long filler = next > e * supervisedMax ? positions[e * supervisedMax] : memberBase;
            for (; next < (e + 1) * supervisedMax; next++) {
                positions[next] = filler;
            }
        }
        Shape table = new Shape(members, supervisedMax);
        return new BatchArrays(
                manager.create(tokens, new Shape(members, rowsMax, time)),
                manager.create(positions),
                manager.create(targets, new Shape(targets.length, 1)),
                manager.create(meanWeights, table),
                manager.create(sumWeights, table),
                manager.create(answers),
                answerTargets,
                rows);
    }

    int members() {
        return rows.length;
    }

    /** Each member's mean cross-entropy over its supervised positions, shape [E]; differentiable. */
    NDArray meanCrossEntropies(NDArray logits) {
        return logProbabilitiesOfTargets(logits).mul(meanWeights.toType(logits.getDataType(), false)).sum(new int[] {1})
                .neg();
    }

    /** Each member's summed cross-entropy (for token-weighted means across batches). */
    double[] summedCrossEntropies(NDArray logits) {
        return logProbabilitiesOfTargets(logits).mul(sumWeights.toType(logits.getDataType(), false))
                .sum(new int[] {1}).neg().toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /** How many of each member's rows have the right argmax at the final-state position (teacher forcing). */
    int[] correctAnswers(NDArray logits) {
        int[] correct = new int[members()];
        if (answerTargets.length == 0) {
            return correct;
        }
        long vocabulary = logits.getShape().get(3);
        long[] predicted = logits.reshape(-1, vocabulary).get(answers).argMax(1).toLongArray();
        int i = 0;
        for (int e = 0; e < members(); e++) {
            for (int row = 0; row < rows[e]; row++, i++) {
                if (predicted[i] == answerTargets[i]) {
                    correct[e]++;
                }
            }
        }
        return correct;
    }

    private NDArray logProbabilitiesOfTargets(NDArray logits) {
        long vocabulary = logits.getShape().get(3);
        return logits.reshape(-1, vocabulary).get(supervised).logSoftmax(1).gather(targets, 1)
                .reshape(members(), -1);
    }
}
