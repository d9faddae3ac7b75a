package dev.statetrack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.statetrack.task.Vocabulary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model built around given parameter arrays (some members of a larger ensemble) runs on exactly those weights. */
class GivenParametersTest {

    private static final Vocabulary VOCABULARY = new Vocabulary(5);
    private static final List<ModelSpec> SPECS = List.of(
            ModelSpec.lstm(1, 16, 8), ModelSpec.denseSsm(8, false), ModelSpec.transformer(2, 16, 2));

    @Test
    void membersGatheredIntoASmallerModelGiveTheLogitsTheyGaveInTheWholeOne() {
        long[] tokens = new long[3 * 4 * 6];
        Random random = new Random(1);
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = random.nextInt(VOCABULARY.size());
        }
        int[] kept = {2, 0};
        for (ModelSpec spec : SPECS) {
            try (NDManager manager = NDManager.newBaseManager();
                 SequenceModel whole = ModelFactory.create(spec, VOCABULARY, 6, DataType.FLOAT32, new long[] {1, 2, 3},
                         manager)) {
                NDArray input = manager.create(tokens, new Shape(3, 4, 6));
                NDArray logits = whole.forward(input);
                List<NDArray> gathered = new ArrayList<>();
                for (NDArray p : whole.parameters()) {
                    gathered.add(gather(p, kept));
                }
                try (SequenceModel smaller = ModelFactory.withParameters(spec, VOCABULARY, 6, gathered, manager)) {
                    assertEquals(2, smaller.members());
                    assertEquals(whole.parameterCount(), smaller.parameterCount());
                    assertTrue(smaller.parameters().stream().allMatch(NDArray::hasGradient), "parameters are trainable");
                    NDArray smallLogits = smaller.forward(gather(input, kept));
                    for (int j = 0; j < kept.length; j++) {
                        float[] expected = logits.get(kept[j]).toFloatArray();
                        float[] actual = smallLogits.get(j).toFloatArray();
                        assertArrayEquals(expected, actual, 1e-6f, spec + ", member " + kept[j]);
                    }
                }
            }
        }
    }

    @Test
    void parametersOfTheWrongShapeOrCountAreRefused() {
        ModelSpec spec = ModelSpec.lstm(1, 16, 8);
        try (NDManager manager = NDManager.newBaseManager();
             SequenceModel whole = ModelFactory.create(spec, VOCABULARY, 6, DataType.FLOAT32, new long[] {1, 2},
                     manager)) {
            List<NDArray> parameters = new ArrayList<>(whole.parameters().stream().map(NDArray::duplicate).toList());
            List<NDArray> tooFew = parameters.subList(0, parameters.size() - 1);
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> ModelFactory.withParameters(spec, VOCABULARY, 6, tooFew, manager)).getMessage()
                    .contains("asks for more than the " + tooFew.size()));
            List<NDArray> tooMany = new ArrayList<>(whole.parameters().stream().map(NDArray::duplicate).toList());
            tooMany.add(manager.zeros(new Shape(2, 3)));
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> ModelFactory.withParameters(spec, VOCABULARY, 6, tooMany, manager)).getMessage()
                    .contains((parameters.size() + 1) + " parameters given, the model has " + parameters.size()));
            List<NDArray> wrong = new ArrayList<>(whole.parameters().stream().map(NDArray::duplicate).toList());
            wrong.set(1, manager.zeros(new Shape(2, 7, 7)));
            String message = assertThrows(IllegalArgumentException.class,
                    () -> ModelFactory.withParameters(spec, VOCABULARY, 6, wrong, manager)).getMessage();
            assertTrue(message.startsWith("parameter 1 is (2, 7, 7) float32, the model asks for (2, "), message);
        }
    }

    private static NDArray gather(NDArray array, int[] members) {
        NDList slices = new NDList();
        Arrays.stream(members).forEach(e -> slices.add(array.get(e)));
        return NDArrays.stack(slices);
    }
}
