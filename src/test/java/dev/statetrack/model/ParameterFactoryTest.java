package dev.statetrack.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ParameterFactoryTest {

    /**
     * The paper's seeds 10, 20, …, 100 must start from unrelated weights. Seeding {@code Random}
     * with them directly gives first U(±1) weights between 0.444 and 0.465 (nextDouble ≈ 0.73 for all).
     */
    @Test
    void nearbySeedsGiveUnrelatedFirstWeights() {
        long[] seeds = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] first = new ParameterFactory(manager, DataType.FLOAT64, seeds).uniform(1.0, 1).toDoubleArray();
            Arrays.sort(first);
            double closest = Double.MAX_VALUE;
            for (int i = 1; i < first.length; i++) {
                closest = Math.min(closest, first[i] - first[i - 1]);
            }
            double range = first[first.length - 1] - first[0];
            assertTrue(range > 0.5, "first weights span only " + range + ": " + Arrays.toString(first));
            assertTrue(closest > 1e-4, "two first weights within " + closest + ": " + Arrays.toString(first));
        }
    }
}
