package dev.statetrack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.statetrack.task.Vocabulary;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Incremental decoding (the transformer's key/value cache, the recurrent models' carried state) gives
 * the logits of the full forward pass, whatever the chunks the sequence arrives in, and so the same
 * greedy outputs.
 */
class IncrementalDecoderTest {

    private static final Vocabulary VOCABULARY = new Vocabulary(4);
    private static final long[] SEEDS = {10, 20};
    private static final int LONGEST = 13;
    private static final double TOLERANCE = 1e-5;

    static Stream<ModelSpec> models() {
        return Stream.of(
                ModelSpec.transformer(2, 8, 2),
                ModelSpec.lstm(2, 6, 5),
                ModelSpec.denseSsm(5, false),
                // V·d = 6·60 > DenseSsm.ALL_TOKENS_MAX_ROWS: the grouped product.
                ModelSpec.denseSsm(60, true),
                GruProvider.spec(2, 6, 5),
                DiagonalRnnProvider.spec(5, "positive"),
                DiagonalRnnProvider.spec(5, "signed"),
                HouseholderRnnProvider.spec(5, 1),
                HouseholderRnnProvider.spec(5, 2));
    }

    @ParameterizedTest
    @MethodSource("models")
    void decodedLogitsAreTheFullForwardPassesAtEveryLengthBatchAndChunking(ModelSpec spec) {
        Random random = new Random(7);
        try (NDManager manager = NDManager.newBaseManager();
             SequenceModel model = ModelFactory.create(spec, VOCABULARY, LONGEST, DataType.FLOAT32, SEEDS, manager)) {
            for (int batch : new int[] {1, 3}) {
                for (int length : new int[] {1, 5, LONGEST}) {
                    NDArray tokens = paddedTokens(manager, random, batch, length);
                    float[] full = model.forward(tokens).toFloatArray();
                    for (int firstChunk : new int[] {1, Math.max(1, length / 2), length}) {
                        String where = spec + " batch " + batch + " length " + length + " first chunk " + firstChunk;
                        assertClose(full, decodeInChunks(model, tokens, firstChunk), where);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void greedyDecodingWithTheDecoderGeneratesWhatRecomputingThePrefixGenerates(ModelSpec spec) {
        int prompt = 4;
        int generated = LONGEST - prompt;
        try (NDManager manager = NDManager.newBaseManager();
             SequenceModel model = ModelFactory.create(spec, VOCABULARY, LONGEST, DataType.FLOAT32, SEEDS, manager)) {
            NDArray start = paddedTokens(manager, new Random(3), 3, prompt);
            NDArray recomputed = start;
            for (int i = 0; i < generated; i++) {
                recomputed = recomputed.concat(greedy(model.forward(recomputed)), 2);
            }
            NDArray decoded = start;
            try (IncrementalDecoder decoder = model.decoder()) {
                NDArray next = start;
                for (int i = 0; i < generated; i++) {
                    try (NDScope step = new NDScope()) {
                        next = greedy(decoder.next(next));
                        NDScope.unregister(next);
                    }
                    decoded = decoded.concat(next, 2);
                }
                assertEquals(LONGEST - 1, decoder.length(), "the last generated token is not fed back");
            }
            assertArrayEquals(recomputed.toLongArray(), decoded.toLongArray(), spec.toString());
        }
    }

    /** Feeds {@code firstChunk} tokens, then one at a time, each call in its own scope as evaluation does. */
    private static float[] decodeInChunks(SequenceModel model, NDArray tokens, int firstChunk) {
        long length = tokens.getShape().get(2);
        try (NDManager pieces = tokens.getManager().newSubManager();
             IncrementalDecoder decoder = model.decoder()) {
            NDList logits = new NDList();
            for (long from = 0; from < length; from = decoder.length()) {
                long to = from == 0 ? firstChunk : from + 1;
                float[] values;
                Shape shape;
                try (NDScope step = new NDScope()) {
                    NDArray piece = decoder.next(tokens.get(":, :, " + from + ":" + to));
                    values = piece.toFloatArray();
                    shape = piece.getShape();
                }
                logits.add(pieces.create(values, shape));
                System.gc();
            }
            return NDArrays.concat(logits, 2).toFloatArray();
        }
    }

    private static NDArray greedy(NDArray logits) {
        Shape shape = logits.getShape();
        return logits.get(":, :, -1, :").argMax(2).reshape(shape.get(0), shape.get(1), 1);
    }

    /** Random element tokens, with the later rows right-padded with PAD as batches are. */
    private static NDArray paddedTokens(NDManager manager, Random random, int batch, int length) {
        long[] ids = new long[SEEDS.length * batch * length];
        for (int e = 0; e < SEEDS.length; e++) {
            for (int b = 0; b < batch; b++) {
                int real = Math.max(1, length - b * 2);
                for (int t = 0; t < length; t++) {
                    ids[(e * batch + b) * length + t] = t < real ? random.nextInt(VOCABULARY.groupOrder())
                            : VOCABULARY.pad();
                }
            }
        }
        return manager.create(ids, new Shape(SEEDS.length, batch, length));
    }

    private static void assertClose(float[] expected, float[] actual, String where) {
        assertEquals(expected.length, actual.length, where);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= TOLERANCE, where + ": largest difference " + worst + " (" + Arrays.toString(
                Arrays.copyOf(actual, Math.min(4, actual.length))) + "...)");
    }
}
