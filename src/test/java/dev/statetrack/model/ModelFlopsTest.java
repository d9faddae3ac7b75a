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
    void gruTokenCountsEveryLayersThreeGatesAndTheHead() {
        // layer 0: 3·3 gates × (2 inputs + 3 hidden) = 45; layer 1: 9 × (3 + 3) = 54; head 3·4 = 12
        ModelSpec spec = GruProvider.spec(2, 3, 2);
        assertEquals(2 * 111, ModelFlops.forwardAt(spec, 4, 1));
        assertEquals(2 * 111, ModelFlops.forwardAt(spec, 4, 9), "a recurrent step does not grow with the position");
    }

    @Test
    void diagonalRnnTokenIsTwoProjectionsAndTheHeadWhicheverTheRange() {
        // a(x): 3·3 = 9, b(x): 9; head 3·4 = 12; the diagonal step is element-wise
        assertEquals(2 * 30, ModelFlops.forwardAt(DiagonalRnnProvider.spec(3, "positive"), 4, 5));
        assertEquals(2 * 30, ModelFlops.forwardAt(DiagonalRnnProvider.spec(3, "signed"), 4, 5));
    }

    @Test
    void householderRnnTokenIsThreeProjectionsTheRankOneStepAndTheHead() {
        // k(x): 9, v(x): 9, β(x): 3; kᵀh: 3, k(kᵀh): 3; head 3·4 = 12
        assertEquals(2 * 39, ModelFlops.forwardAt(HouseholderRnnProvider.spec(3, 2), 4, 5));
        assertEquals(3 * 2 * 39 * 6, ModelFlops.trainingPerSample(HouseholderRnnProvider.spec(3, 1), 4, 6));
    }

    @Test
    void parameterCountsOfTheNewModelsAreTheirHandCounts() {
        // gru, one layer, hidden 3, embedding 2, V = 4: embedding 8, W_ih 9·2, W_hh 9·3, biases 2·9, head 12 + 4
        assertEquals(8 + 18 + 27 + 18 + 16, ModelFlops.parameters(GruProvider.spec(1, 3, 2), 4, 9));
        // diagonal, d = 3, V = 4: embedding 12, W_a 9 + 3, W_b 9 + 3, h_0 3, head 12 + 4
        assertEquals(12 + 12 + 12 + 3 + 16, ModelFlops.parameters(DiagonalRnnProvider.spec(3, "signed"), 4, 9));
        // householder, d = 3, V = 4: embedding 12, W_k 9 + 3, W_v 9 + 3, w_β 3 + 1, h_0 3, head 12 + 4
        assertEquals(12 + 12 + 12 + 4 + 3 + 16, ModelFlops.parameters(HouseholderRnnProvider.spec(3, 2), 4, 9));
    }

    @Test
    void parameterCountsMatchTheModelsTheFactoryBuilds() {
        Vocabulary vocabulary = new Vocabulary(5);
        ModelSpec[] specs = {ModelSpec.transformer(2, 8, 2), ModelSpec.lstm(2, 6, 3), ModelSpec.denseSsm(5, true),
            GruProvider.spec(2, 6, 3), DiagonalRnnProvider.spec(5, "positive"), HouseholderRnnProvider.spec(5, 2)};
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
