package dev.statetrack.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * With a constant gradient g, bias-corrected Adam moves every weight by lr·sign(g) per step
 * (up to ε): step 1 by lr·(√(1-β2)/(1-β1))·(0.1g)/(√0.001·|g|) = lr, step 2 likewise. If the update
 * did not zero the gradient, step 2 would see 2g and move by 0.965·lr instead.
 */
class AdamTest {

    @Test
    void movesByTheLearningRateAlongMinusSignOfAConstantGradient() {
        Engine.getInstance();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(new float[] {1f, -2f});
            weight.setRequiresGradient(true);
            NDArray slope = manager.create(new float[] {0.5f, -3f});
            Adam adam = new Adam(List.of(weight), 0.1, manager);
            for (int step = 0; step < 2; step++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    Autograd.setRecording(true);
                    NDArray loss = weight.mul(slope).sum();
                    Autograd.backward(loss);
                    Autograd.setRecording(false);
                    adam.update();
                }
            }
            assertArrayEquals(new float[] {0.8f, -1.8f}, weight.toFloatArray(), 1e-4f);
        }
    }
}
