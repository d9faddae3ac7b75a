package dev.statetrack.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.statetrack.task.Vocabulary;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryEstimateTest {

    /** Z3: 3 elements + SEP + PAD. */
    private static final Vocabulary Z3 = new Vocabulary(3);

    @Test
    void aTinyTransformerMatchesAHandCount() {
        // V=5, T=3, d=4, 1 layer, 2 heads, batch 2, one member, one dataset of 1000 bytes
        MemoryEstimate m = MemoryEstimate.of(ModelSpec.transformer(1, 4, 2), 5, 3, 2, 1, 1000, 1);
        long parameters = 5 * 4 + 3 * 4 + (2 * 4 + 3 * 4 * 4 + 3 * 4 + 4 * 4 + 4 + 2 * 4 + 4 * 4 * 4 + 4 * 4 + 4 * 4 * 4 + 4)
                + 2 * 4;
        assertEquals(284, parameters);
        assertEquals(parameters, m.parameters());
        assertEquals(4 * parameters, m.weights());
        assertEquals(8 * parameters, m.optimiser(), "Adam keeps two moments");
        assertEquals(4 * parameters, m.gradients());
        // per layer 22·B·T·d, embeddings and final norm 3·B·T·d, logits 3·B·T·V
        assertEquals(4 * (22 * 2 * 3 * 4 + 3 * 2 * 3 * 4 + 3 * 2 * 3 * 5), m.activations());
        // scores, masked scores, softmax and their gradient: 4·B·heads·T² per layer
        assertEquals(4 * (4 * 2 * 2 * 3 * 3), m.attention());
        assertEquals(1000, m.heap());
        assertEquals(m.weights() + m.optimiser() + m.gradients() + m.activations() + m.attention(), m.nativeBytes());
    }

    @Test
    void parameterCountsAreThoseOfTheBuiltModels() {
        ModelSpec[] specs = {ModelSpec.transformer(2, 8, 2), ModelSpec.lstm(2, 6, 4), ModelSpec.denseSsm(5, false),
            GruProvider.spec(2, 6, 4), DiagonalRnnProvider.spec(5, "signed"), HouseholderRnnProvider.spec(5, 1)};
        for (ModelSpec spec : specs) {
            try (NDManager manager = NDManager.newBaseManager();
                 SequenceModel model = ModelFactory.create(spec, Z3, 7, DataType.FLOAT32, 1, manager)) {
                assertEquals(model.parameterCount(), MemoryEstimate.of(spec, Z3.size(), 7, 4, 1, 1, 7).parameters(),
                        spec.toString());
            }
        }
    }

    /** V=5, T=3, batch 2, one member: activations per position, plus the logits 3·B·T·V, no attention. */
    @Test
    void theNewRecurrentModelsMatchHandCounts() {
        int bt = 2 * 3;
        MemoryEstimate gru = MemoryEstimate.of(GruProvider.spec(1, 4, 3), 5, 3, 2, 1, 0, 1);
        // embedded input 3, and 13 per hidden unit: 3h + 3h projections, r, z, r ⊙ (W_hn h), n, h − n, z ⊙ (h − n), h'
        assertEquals(4 * (bt * 3 + 13 * bt * 4 + 3 * bt * 5), gru.activations());
        assertEquals(0, gru.attention());
        // x, pre-activation, a, b, a ⊙ h, h; signed adds 2σ and 2σ − 1
        assertEquals(4 * (bt * 6 * 4 + 3 * bt * 5),
                MemoryEstimate.of(DiagonalRnnProvider.spec(4, "positive"), 5, 3, 2, 1, 0, 1).activations());
        assertEquals(4 * (bt * 8 * 4 + 3 * bt * 5),
                MemoryEstimate.of(DiagonalRnnProvider.spec(4, "signed"), 5, 3, 2, 1, 0, 1).activations());
        // 10 per state unit and 3 per position
        MemoryEstimate householder = MemoryEstimate.of(HouseholderRnnProvider.spec(4, 2), 5, 3, 2, 1, 0, 1);
        assertEquals(4 * (bt * (10 * 4 + 3) + 3 * bt * 5), householder.activations());
        // embedding 20, W_k 16 + 4, W_v 16 + 4, w_β 4 + 1, h_0 4, head 20 + 5
        assertEquals(20 + 20 + 20 + 5 + 4 + 25, householder.parameters());
        assertEquals(4 * householder.parameters(), householder.weights());
    }

    @Test
    void transformerAttentionGrowsAsTheSquareOfTheLength() {
        ModelSpec spec = ModelSpec.transformer(6, 256, 4);
        MemoryEstimate at100 = MemoryEstimate.of(spec, 122, 100, 64, 1, 1000, 100);
        MemoryEstimate at200 = MemoryEstimate.of(spec, 122, 200, 64, 1, 1000, 200);
        assertEquals(4 * at100.attention(), at200.attention());
        MemoryEstimate at4000 = MemoryEstimate.of(spec, 122, 4000, 64, 1, 1000, 4000);
        MemoryEstimate at8000 = MemoryEstimate.of(spec, 122, 8000, 64, 1, 1000, 8000);
        double ratio = (double) at8000.nativeBytes() / at4000.nativeBytes();
        assertTrue(ratio > 3.8 && ratio <= 4, "at long lengths attention dominates: ratio " + ratio);
        MemoryEstimate lstm = MemoryEstimate.of(ModelSpec.lstm(1, 256, 256), 122, 8000, 64, 1, 1000, 8000);
        assertTrue(lstm.attention() == 0 && lstm.nativeBytes() < at8000.nativeBytes() / 100);
    }

    @Test
    void anEnsembleOfEMembersNeedsETimesTheNativeMemoryAndOneDatasetPerSeed() {
        ModelSpec spec = ModelSpec.denseSsm(32, false);
        MemoryEstimate one = MemoryEstimate.of(spec, 7, 20, 64, 1, 500, 1);
        MemoryEstimate fifteen = MemoryEstimate.of(spec, 7, 20, 64, 15, 500, 5);
        assertEquals(one.parameters(), fifteen.parameters(), "parameters are per member");
        assertEquals(15 * one.nativeBytes(), fifteen.nativeBytes());
        assertEquals(5 * one.heap(), fifteen.heap(), "15 configurations of 5 seeds hold 5 datasets");
    }

    @Test
    void requestsBeyondALongSaturateInsteadOfOverflowing() {
        MemoryEstimate huge = MemoryEstimate.of(ModelSpec.transformer(1000, 1 << 20, 1 << 10), 1 << 20, 20_001,
                1 << 30, 1000, Long.MAX_VALUE / 2, 15);
        assertEquals(Long.MAX_VALUE, huge.nativeBytes());
        assertEquals(Long.MAX_VALUE, huge.heap());
    }
}
