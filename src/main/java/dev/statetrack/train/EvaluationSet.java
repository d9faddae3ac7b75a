package dev.statetrack.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.statetrack.model.IncrementalDecoder;
import dev.statetrack.model.SequenceModel;
import dev.statetrack.task.Batch;
import dev.statetrack.task.Format;
import dev.statetrack.task.PackedSequences;
import dev.statetrack.task.Vocabulary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Samples held out for evaluation, one set per ensemble member, encoded straight from their packed
 * arrays and turned into engine arrays once, in large length-sorted batches (little padding), so that a periodic validation costs a few
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

    /** @param sets one per member */
    EvaluationSet(List<PackedSequences> sets, Format format, Vocabulary vocabulary, NDManager manager) {
        this.format = format;
        this.members = sets.size();
        this.sizes = sets.stream().mapToInt(PackedSequences::size).toArray();
        List<int[]> sorted = new ArrayList<>();
        for (PackedSequences set : sets) {
            sorted.add(IntStream.range(0, set.size()).boxed().sorted(Comparator.comparingInt(set::length))
                    .mapToInt(Integer::intValue).toArray());
        }
        supervisedCounts = new long[members];
        int largest = Arrays.stream(sizes).max().orElse(0);
        for (int from = 0; from < largest; from += ROWS_PER_BATCH) {
            List<Batch> chunk = new ArrayList<>(members);
            for (int e = 0; e < members; e++) {
                int[] own = sorted.get(e);
                Batch batch = Batch.of(sets.get(e), Arrays.copyOfRange(own, Math.min(own.length, from),
                        Math.min(own.length, from + ROWS_PER_BATCH)), format, vocabulary);
                supervisedCounts[e] += batch.supervisedCount();
                chunk.add(batch);
            }
            batches.add(BatchArrays.of(chunk, vocabulary.pad(), manager));
        }
        if (format == Format.COT) {
            List<Map<Integer, List<Integer>>> byLength = new ArrayList<>();
            TreeMap<Integer, Integer> largestByLength = new TreeMap<>();
            for (PackedSequences set : sets) {
                Map<Integer, List<Integer>> own = new TreeMap<>();
                for (int i = 0; i < set.size(); i++) {
                    own.computeIfAbsent(set.length(i), n -> new ArrayList<>()).add(i);
                }
                own.forEach((n, list) -> largestByLength.merge(n, list.size(), Math::max));
                byLength.add(own);
            }
            for (Map.Entry<Integer, Integer> length : largestByLength.entrySet()) {
                for (int from = 0; from < length.getValue(); from += ROWS_PER_BATCH) {
                    List<int[]> chunk = new ArrayList<>(members);
                    for (Map<Integer, List<Integer>> own : byLength) {
                        List<Integer> list = own.getOrDefault(length.getKey(), List.of());
                        chunk.add(list.subList(Math.min(list.size(), from), Math.min(list.size(), from + ROWS_PER_BATCH))
                                .stream().mapToInt(Integer::intValue).toArray());
                    }
                    prompts.add(Prompts.of(sets, chunk, length.getKey(), format, vocabulary, manager));
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

        /** @param rows per member, the rows of its set (all of sequence length n) in this chunk */
        static Prompts of(List<PackedSequences> sets, List<int[]> rows, int sequenceLength, Format format,
                          Vocabulary vocabulary, NDManager manager) {
            int members = sets.size();
            int anyMember = 0;
            while (rows.get(anyMember).length == 0) {
                anyMember++;
            }
            int promptLength = format.promptLength(sequenceLength);
            int rowsMax = rows.stream().mapToInt(r -> r.length).max().orElse(0);
            long[] tokens = new long[members * rowsMax * promptLength];
            int[] counts = new int[members];
            long[][] finals = new long[members][];
            int[] x = new int[sequenceLength];
            int[] s = new int[sequenceLength];
            for (int e = 0; e < members; e++) {
                int[] own = rows.get(e);
                counts[e] = own.length;
                finals[e] = new long[own.length];
                for (int row = 0; row < rowsMax; row++) {
                    PackedSequences set = row < own.length ? sets.get(e) : sets.get(anyMember);
                    set.read(row < own.length ? own[row] : rows.get(anyMember)[0], x);
                    set.group().runningStates(x, sequenceLength, s);
                    for (int p = 0; p < promptLength; p++) {
                        tokens[(e * rowsMax + row) * promptLength + p] =
                                format.inputToken(x, s, sequenceLength, vocabulary.sep(), p);
                    }
                    if (row < own.length) {
                        finals[e][row] = s[sequenceLength - 1];
                    }
                }
            }
            return new Prompts(manager.create(tokens, new Shape(members, rowsMax, promptLength)), sequenceLength,
                    counts, finals);
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
