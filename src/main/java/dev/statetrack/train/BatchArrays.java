package dev.statetrack.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.statetrack.task.Batch;

/**
 * A {@link Batch} as engine arrays. Supervised positions are kept as flat indices into the
 * (batch·time) grid, so the loss gathers just those rows instead of multiplying by a mask.
 *
 * @param tokens           batch × time int64
 * @param supervised       flat indices of supervised positions (int64)
 * @param targets          their targets, shape (supervised, 1) int64
 * @param answers          flat index of each row's final-state position (int64)
 * @param answerTargets    each row's final state
 * @param supervisedCount  number of supervised positions
 */
record BatchArrays(NDArray tokens, NDArray supervised, NDArray targets, NDArray answers, long[] answerTargets,
                   int supervisedCount) {

    static BatchArrays of(Batch batch, NDManager manager) {
        int rows = batch.batchSize();
        int time = batch.length();
        long[] positions = new long[batch.supervisedCount()];
        long[] targets = new long[batch.supervisedCount()];
        int next = 0;
        for (int i = 0; i < rows * time; i++) {
            if (batch.mask()[i] != 0f) {
                positions[next] = i;
                targets[next] = batch.targets()[i];
                next++;
            }
        }
        long[] answers = new long[rows];
        long[] answerTargets = new long[rows];
        for (int row = 0; row < rows; row++) {
            answers[row] = (long) row * time + batch.answerPositions()[row];
            answerTargets[row] = batch.targets()[(int) answers[row]];
        }
        return new BatchArrays(
                manager.create(batch.inputs(), new Shape(rows, time)),
                manager.create(positions),
                manager.create(targets, new Shape(targets.length, 1)),
                manager.create(answers),
                answerTargets,
                positions.length);
    }

    /** Mean cross-entropy over the supervised positions, differentiable with respect to the logits. */
    NDArray meanCrossEntropy(NDArray logits) {
        return logProbabilitiesOfTargets(logits).mean().neg();
    }

    /** Sum of cross-entropy over the supervised positions (for token-weighted means across batches). */
    double summedCrossEntropy(NDArray logits) {
        return -logProbabilitiesOfTargets(logits).sum().toType(DataType.FLOAT64, false)
                .getDouble();
    }

    /** How many rows' final-state position has the right argmax (teacher forcing). */
    int correctAnswers(NDArray logits) {
        long vocabulary = logits.getShape().get(2);
        long[] predicted = logits.reshape(-1, vocabulary).get(answers).argMax(1).toLongArray();
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == answerTargets[i]) {
                correct++;
            }
        }
        return correct;
    }

    private NDArray logProbabilitiesOfTargets(NDArray logits) {
        long vocabulary = logits.getShape().get(2);
        return logits.reshape(-1, vocabulary).get(supervised).logSoftmax(1).gather(targets, 1);
    }
}
