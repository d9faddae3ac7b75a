package dev.statetrack.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.statetrack.model.IncrementalDecoder;
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
 * Samples held out for evaluation, one set per ensemble member, encoded and turned into engine arrays
 * once, in large length-sorted batches (little padding), so that a periodic validation costs a few
 * forward passes of the whole ensemble and no Java-side encoding. Batch i holds every member's i-th
 * chunk of its own set. Evaluation runs without gradient recording.
 */
final class EvaluationSet {

    /** Rows per member per evaluation forward pass: large enough to amortise per-op overhead, small enough for the paper-size transformer's attention maps. */
    private static final int ROWS_PER_BATCH = 256;

    private final Format format;
    private final int members;
    private final int[] sizes;
    private final List<BatchArrays> batches = new ArrayList<>();
    private final long[] supervisedCounts;
    /** For greedy decoding (cot): prompts and final states, grouped by sequence length. */
    private final List<Prompts> prompts = new ArrayList<>();

    /** @param samples one list per member */
    EvaluationSet(List<List<Sample>> samples, Format format, Vocabulary vocabulary, NDManager manager) {
        this.format = format;
        this.members = samples.size();
        this.sizes = samples.stream().mapToInt(List::size).toArray();
        List<List<EncodedSample>> encoded = new ArrayList<>();
        for (List<Sample> memberSamples : samples) {
            List<EncodedSample> e = new ArrayList<>(memberSamples.size());
            for (Sample s : memberSamples) {
                e.add(format.encode(s, vocabulary));
            }
            e.sort(Comparator.comparingInt(EncodedSample::length));
            encoded.add(e);
        }
        supervisedCounts = new long[members];
        int largest = samples.stream().mapToInt(List::size).max().orElse(0);
        for (int from = 0; from < largest; from += ROWS_PER_BATCH) {
            List<Batch> chunk = new ArrayList<>(members);
            for (int e = 0; e < members; e++) {
                List<EncodedSample> own = encoded.get(e);
                Batch batch = Batch.of(own.subList(Math.min(own.size(), from),
                        Math.min(own.size(), from + ROWS_PER_BATCH)), vocabulary);
                supervisedCounts[e] += batch.supervisedCount();
                chunk.add(batch);
            }
            batches.add(BatchArrays.of(chunk, vocabulary.pad(), manager));
        }
        if (format == Format.COT) {
            List<Map<Integer, List<Sample>>> byLength = new ArrayList<>();
            TreeMap<Integer, Integer> largestByLength = new TreeMap<>();
            for (List<Sample> memberSamples : samples) {
                Map<Integer, List<Sample>> own = new TreeMap<>();
                for (Sample s : memberSamples) {
                    own.computeIfAbsent(s.length(), n -> new ArrayList<>()).add(s);
                }
                own.forEach((n, list) -> largestByLength.merge(n, list.size(), Math::max));
                byLength.add(own);
            }
            for (Map.Entry<Integer, Integer> length : largestByLength.entrySet()) {
                for (int from = 0; from < length.getValue(); from += ROWS_PER_BATCH) {
                    List<List<Sample>> chunk = new ArrayList<>(members);
                    for (Map<Integer, List<Sample>> own : byLength) {
                        List<Sample> list = own.getOrDefault(length.getKey(), List.of());
                        chunk.add(list.subList(Math.min(list.size(), from),
                                Math.min(list.size(), from + ROWS_PER_BATCH)));
                    }
                    prompts.add(Prompts.of(chunk, length.getKey(), format, vocabulary, manager));
                }
            }
        }
    }

    /** Each member's mean cross-entropy per supervised token under teacher forcing (NaN for an empty set). */
    double[] loss(SequenceModel model) {
        Autograd.setRecording(false);
        double[] sums = new double[members];
        for (BatchArrays batch : batches) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                double[] s = batch.summedCrossEntropies(model.forward(batch.tokens()));
                for (int e = 0; e < members; e++) {
                    sums[e] += s[e];
                }
            }
        }
        double[] means = new double[members];
        for (int e = 0; e < members; e++) {
            means[e] = supervisedCounts[e] == 0 ? Double.NaN : sums[e] / supervisedCounts[e];
        }
        return means;
    }

    /** Each member's fraction of sequences whose final state the model gets right; greedy decoding for cot. */
    double[] accuracy(SequenceModel model) {
        Autograd.setRecording(false);
        int[] correct = new int[members];
        if (format == Format.COT) {
            for (Prompts p : prompts) {
                add(correct, p.correctlyDecoded(model));
            }
        } else {
            for (BatchArrays batch : batches) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    add(correct, batch.correctAnswers(model.forward(batch.tokens())));
                }
            }
        }
        double[] accuracy = new double[members];
        for (int e = 0; e < members; e++) {
            accuracy[e] = sizes[e] == 0 ? Double.NaN : (double) correct[e] / sizes[e];
        }
        return accuracy;
    }

    private static void add(int[] total, int[] part) {
        for (int e = 0; e < total.length; e++) {
            total[e] += part[e];
        }
    }

    /**
     * Prompts {@code x_1..x_n SEP} of one sequence length n, [E, R, prompt length] with R the largest
     * member's row count (shorter members padded with copies of a real prompt, never counted), and the
     * final states greedy decoding must end in.
     */
    private record Prompts(NDArray tokens, int sequenceLength, int[] rows, long[][] finalStates) {

        static Prompts of(List<List<Sample>> perMember, int sequenceLength, Format format, Vocabulary vocabulary,
                          NDManager manager) {
            Sample any = perMember.stream().filter(l -> !l.isEmpty()).findFirst().orElseThrow().get(0);
            int promptLength = format.encode(any, vocabulary).promptLength();
            int members = perMember.size();
            int rowsMax = perMember.stream().mapToInt(List::size).max().orElse(0);
            long[] tokens = new long[members * rowsMax * promptLength];
            int[] rows = new int[members];
            long[][] finals = new long[members][];
            for (int e = 0; e < members; e++) {
                List<Sample> own = perMember.get(e);
                rows[e] = own.size();
                finals[e] = new long[own.size()];
                for (int row = 0; row < rowsMax; row++) {
                    Sample s = row < own.size() ? own.get(row) : any;
                    int[] input = format.encode(s, vocabulary).input();
                    for (int p = 0; p < promptLength; p++) {
                        tokens[(e * rowsMax + row) * promptLength + p] = input[p];
                    }
                    if (row < own.size()) {
                        finals[e][row] = s.finalState();
                    }
                }
            }
            return new Prompts(manager.create(tokens, new Shape(members, rowsMax, promptLength)), sequenceLength,
                    rows, finals);
        }

        /**
         * Generates s_1..s_n one token at a time, each from the model's own earlier outputs, feeding only
         * the new token to the model's incremental decoder (not the whole prefix again).
         */
        int[] correctlyDecoded(SequenceModel model) {
            try (IncrementalDecoder decoder = model.decoder(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                long members = tokens.getShape().get(0);
                long rowsMax = tokens.getShape().get(1);
                NDArray last = tokens;
                for (int i = 0; i < sequenceLength; i++) {
                    NDArray logits = decoder.next(last);
                    last = logits.get(":, :, -1, :").argMax(2).reshape(members, rowsMax, 1);
                }
                long[] predicted = last.toLongArray();
                int[] correct = new int[rows.length];
                for (int e = 0; e < rows.length; e++) {
                    for (int row = 0; row < rows[e]; row++) {
                        if (predicted[(int) (e * rowsMax + row)] == finalStates[e][row]) {
                            correct[e]++;
                        }
                    }
                }
                return correct;
            }
        }
    }
}
