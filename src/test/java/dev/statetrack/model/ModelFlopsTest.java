package dev.statetrack.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.statetrack.task.Vocabulary;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The FLOP formulas against small cases counted by hand, multiply-add by multiply-add. */
class ModelFlopsTest {

    @Test
    void transformerTokenCountsProjectionsCausalAttentionAndTheTiedHead() {
        ModelSpec spec = ModelSpec.transformer(1, 4, 2);
        // QKV 4·12 + output 4·4 + MLP 4·16 + 16·4 = 192 multiply-adds; at position 3 the scores and the
        // weighted sum each take 3 keys × 4 dims = 12; the head 4·5 = 20. Total 236 MACs.
        assertEquals(2 * 236, ModelFlops.forwardAt(spec, 5, 3));
        // positions 1, 2, 3: 212 + 8·i MACs each
        assertEquals(2 * (220 + 228 + 236), ModelFlops.forwardPass(spec, 5, 3));
        assertEquals(2 * 236, ModelFlops.decodingPerToken(spec, 5, 3, true));
        assertEquals(2 * (220 + 228 + 236), ModelFlops.decodingPerToken(spec, 5, 3, false));
        assertEquals(3 * 2 * (220 + 228 + 236), ModelFlops.trainingPerSample(spec, 5, 3));
    }

    @Test
    void lstmTokenCountsEveryLayersGatesAndTheHead() {
        // layer 0: 4·3 gates × (2 inputs + 3 hidden) = 60; layer 1: 12 × (3 + 3) = 72; head 3·4 = 12
        ModelSpec spec = ModelSpec.lstm(2, 3, 2);
        assertEquals(2 * 144, ModelFlops.forwardAt(spec, 4, 1));
        assertEquals(2 * 144, ModelFlops.forwardAt(spec, 4, 50), "a recurrent step does not grow with the position");
        assertEquals(2 * 144 * 5, ModelFlops.forwardPass(spec, 4, 5));
    }

    @Test
    void denseSsmTokenIsOneMatrixVectorProductAndTheHead() {
        // A(x) h: 3·3 = 9; head 3·4 = 12
        assertEquals(2 * 21, ModelFlops.forwardAt(ModelSpec.denseSsm(3, false), 4, 7));
    }

    @Test
    void parameterCountsMatchTheModelsTheFactoryBuilds() {
        Vocabulary vocabulary = new Vocabulary(5);
        ModelSpec[] specs = {ModelSpec.transformer(2, 8, 2), ModelSpec.lstm(2, 6, 3), ModelSpec.denseSsm(5, true)};
        try (NDManager manager = NDManager.newBaseManager()) {
            for (ModelSpec spec : specs) {
                try (SequenceModel model = ModelFactory.create(spec, vocabulary, 11, DataType.FLOAT32, 1, manager)) {
                    assertEquals(model.parameterCount(), ModelFlops.parameters(spec, vocabulary.size(), 11),
                            spec.toString());
                }
            }
        }
    }
}
