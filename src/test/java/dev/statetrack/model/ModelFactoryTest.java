package dev.statetrack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.statetrack.task.Vocabulary;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Paper sizes construct, produce logits of the right shape, and have per member the parameter counts
 * of the architecture definition (the closed forms below are what a PyTorch reference must match).
 */
class ModelFactoryTest {

    /** S5: 120 elements + SEP + PAD. */
    private static final Vocabulary S5 = new Vocabulary(120);
    private static final int V = 122;

    @Test
    void paperTransformersHaveGpt2ParameterCounts() {
        int positions = 60;
        for (int layers : new int[] {6, 2}) {
            long d = 256;
            long perBlock = 2 * 2 * d + (3 * d * d + 3 * d) + (d * d + d) + (4 * d * d + 4 * d) + (4 * d * d + d);
            long expected = V * d + positions * d + layers * perBlock + 2 * d;
            assertCount(ModelSpec.transformer(layers, 256, 4), positions, expected);
        }
    }

    @Test
    void paperLstmsHaveTorchLstmParameterCounts() {
        for (long h : new long[] {768, 256}) {
            long e = h;
            long expected = V * e + (4 * h * e + 4 * h * h + 8 * h) + (h * V + V);
            assertCount(ModelSpec.lstm(1, (int) h, (int) e), 60, expected);
        }
        long twoLayers = 5L * 16 + (4 * 32 * 16 + 4 * 32 * 32 + 8 * 32) + (4 * 32 * 32 + 4 * 32 * 32 + 8 * 32) + (32 * 5 + 5);
        assertCount(ModelSpec.lstm(2, 32, 16), new Vocabulary(3), 10, twoLayers);
    }

    @Test
    void paperDenseSsmHasOneMatrixPerToken() {
        long d = 256;
        long expected = V * d * d + d + (d * V + V);
        assertCount(ModelSpec.denseSsm(256, false), 60, expected);
    }

    /** A probe lengthens the position table; it must not change where any member starts. */
    @Test
    void transformerMembersStartFromTheSameWeightsWhateverTheMaximumInputLength() {
        long[] seeds = {10, 20, 30};
        try (NDManager manager = NDManager.newBaseManager();
             SequenceModel shortInputs = ModelFactory.create(ModelSpec.transformer(2, 8, 2), new Vocabulary(5), 9,
                     DataType.FLOAT32, seeds, manager);
             SequenceModel longInputs = ModelFactory.create(ModelSpec.transformer(2, 8, 2), new Vocabulary(5), 17,
                     DataType.FLOAT32, seeds, manager)) {
            assertEquals(shortInputs.parameters().size(), longInputs.parameters().size());
            int positionTables = 0;
            for (int i = 0; i < shortInputs.parameters().size(); i++) {
                NDArray a = shortInputs.parameters().get(i);
                NDArray b = longInputs.parameters().get(i);
                if (a.getShape().equals(b.getShape())) {
                    assertTrue(a.contentEquals(b), "parameter " + i);
                } else {
                    positionTables++;
                    assertEquals(new Shape(3, 9, 8), a.getShape());
                    assertTrue(a.contentEquals(b.get(":, :9, :")), "the longer table starts with the shorter one's rows");
                }
            }
            assertEquals(1, positionTables);
        }
    }

    @Test
    void transformerRejectsInputsLongerThanItsPositionTable() {
        try (NDManager manager = NDManager.newBaseManager();
             SequenceModel model = ModelFactory.create(ModelSpec.transformer(1, 8, 2), new Vocabulary(2), 4,
                     DataType.FLOAT32, 1, manager)) {
            NDArray tokens = manager.zeros(new Shape(1, 1, 5), DataType.INT64);
            assertThrows(IllegalArgumentException.class, () -> model.forward(tokens));
        }
    }

    @Test
    void tokensMustHaveTheModelsMemberCount() {
        try (NDManager manager = NDManager.newBaseManager();
             SequenceModel model = ModelFactory.create(ModelSpec.lstm(1, 4, 4), new Vocabulary(2), 4,
                     DataType.FLOAT32, new long[] {1, 2, 3}, manager)) {
            assertThrows(IllegalArgumentException.class,
                    () -> model.forward(manager.zeros(new Shape(1, 2, 3), DataType.INT64)));
            assertThrows(IllegalArgumentException.class,
                    () -> model.forward(manager.zeros(new Shape(2, 3), DataType.INT64)));
        }
    }

    @Test
    void headsMustDivideWidth() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> ModelFactory.create(ModelSpec.transformer(1, 10, 3),
                    new Vocabulary(2), 4, DataType.FLOAT32, 1, manager));
        }
    }

    private static void assertCount(ModelSpec spec, int maxInputLength, long expected) {
        assertCount(spec, S5, maxInputLength, expected);
    }

    private static void assertCount(ModelSpec spec, Vocabulary vocabulary, int maxInputLength, long expected) {
        try (NDManager manager = NDManager.newBaseManager();
             SequenceModel model = ModelFactory.create(spec, vocabulary, maxInputLength, DataType.FLOAT32, 1, manager)) {
            assertEquals(expected, model.parameterCount(), spec.toString());
            NDArray tokens = manager.zeros(new Shape(1, 2, 3), DataType.INT64);
            assertEquals(new Shape(1, 2, 3, vocabulary.size()), model.forward(tokens).getShape());
        }
        try (NDManager manager = NDManager.newBaseManager();
             SequenceModel model = ModelFactory.create(spec, vocabulary, maxInputLength, DataType.FLOAT32,
                     new long[] {1, 2}, manager)) {
            assertEquals(expected, model.parameterCount(), "per member, two members: " + spec);
        }
    }
}
