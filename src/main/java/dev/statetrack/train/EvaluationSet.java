package dev.statetrack.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.statetrack.model.SequenceModel;
import dev.statetrack.task.Batch;
import dev.statetrack.task.EncodedSample;
import dev.statetrack.task.Format;
import dev.statetrack.task.Sample;
import dev.statetrack.task.Vocabulary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Samples held out for evaluation, encoded and turned into engine arrays once, in large
 * length-sorted batches (little padding), so that a periodic validation costs a few forward passes
 * and no Java-side encoding. Evaluation runs without gradient recording.
 */
final class EvaluationSet {

    /** Rows per evaluation forward pass: large enough to amortise per-op overhead, small enough for the paper-size transformer's attention maps. */
    private static final int ROWS_PER_BATCH = 256;

    private final Format format;
    private final int size;
    private final List<BatchArrays> batches = new ArrayList<>();
    private final long supervisedCount;
    /** For greedy decoding (cot): prompts and final states, grouped by sequence length. */
    private final List<Prompts> prompts = new ArrayList<>();

    EvaluationSet(List<Sample> samples, Format format, Vocabulary vocabulary, NDManager manager) {
        this.format = format;
        this.size = samples.size();
        List<EncodedSample> encoded = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            encoded.add(format.encode(s, vocabulary));
        }
        encoded.sort(Comparator.comparingInt(EncodedSample::length));
        long supervised = 0;
        for (int from = 0; from < encoded.size(); from += ROWS_PER_BATCH) {
            Batch batch = Batch.of(encoded.subList(from, Math.min(encoded.size(), from + ROWS_PER_BATCH)), vocabulary);
            batches.add(BatchArrays.of(batch, manager));
            supervised += batch.supervisedCount();
        }
        supervisedCount = supervised;
        if (format == Format.COT) {
            Map<Integer, List<Sample>> byLength = new TreeMap<>();
            for (Sample s : samples) {
                byLength.computeIfAbsent(s.length(), n -> new ArrayList<>()).add(s);
            }
            for (List<Sample> group : byLength.values()) {
                for (int from = 0; from < group.size(); from += ROWS_PER_BATCH) {
                    prompts.add(Prompts.of(group.subList(from, Math.min(group.size(), from + ROWS_PER_BATCH)),
                            format, vocabulary, manager));
                }
            }
        }
    }

    int size() {
        return size;
    }

    /** Mean cross-entropy per supervised token under teacher forcing. */
    double loss(SequenceModel model) {
        Autograd.setRecording(false);
        double sum = 0;
        for (BatchArrays batch : batches) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                sum += batch.summedCrossEntropy(model.forward(batch.tokens().expandDims(0)).squeeze(0));
            }
        }
        return sum / supervisedCount;
    }

    /** Fraction of sequences whose final state the model gets right; greedy decoding for cot. */
    double accuracy(SequenceModel model) {
        if (size == 0) {
            return Double.NaN;
        }
        Autograd.setRecording(false);
        int correct = 0;
        if (format == Format.COT) {
            for (Prompts p : prompts) {
                correct += p.correctlyDecoded(model);
            }
        } else {
            for (BatchArrays batch : batches) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    correct += batch.correctAnswers(model.forward(batch.tokens().expandDims(0)).squeeze(0));
                }
            }
        }
        return (double) correct / size;
    }

    /** Prompts {@code x_1..x_n SEP} of equal length n and the final states greedy decoding must end in. */
    private record Prompts(NDArray tokens, int sequenceLength, long[] finalStates) {

        static Prompts of(List<Sample> samples, Format format, Vocabulary vocabulary, NDManager manager) {
            int n = samples.get(0).length();
            int promptLength = format.encode(samples.get(0), vocabulary).promptLength();
            long[] tokens = new long[samples.size() * promptLength];
            long[] finals = new long[samples.size()];
            for (int row = 0; row < samples.size(); row++) {
                int[] input = format.encode(samples.get(row), vocabulary).input();
                for (int p = 0; p < promptLength; p++) {
                    tokens[row * promptLength + p] = input[p];
                }
                finals[row] = samples.get(row).finalState();
            }
            return new Prompts(manager.create(tokens, new Shape(samples.size(), promptLength)), n, finals);
        }

        /** Generates s_1..s_n one token at a time, each from the model's own earlier outputs. */
        int correctlyDecoded(SequenceModel model) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                long rows = tokens.getShape().get(0);
                NDArray sequence = tokens;
                NDArray last = null;
                for (int i = 0; i < sequenceLength; i++) {
                    NDArray logits = model.forward(sequence.expandDims(0)).squeeze(0);
                    last = logits.get(":, -1, :").argMax(1).reshape(rows, 1);
                    sequence = sequence.concat(last, 1);
                }
                long[] predicted = last.toLongArray();
                int correct = 0;
                for (int row = 0; row < predicted.length; row++) {
                    if (predicted[row] == finalStates[row]) {
                        correct++;
                    }
                }
                return correct;
            }
        }
    }
}
