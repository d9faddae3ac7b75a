package dev.statetrack.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.util.ArrayList;
import java.util.List;

/**
 * Adam (β1 0.9, β2 0.999, ε 1e-8, no weight decay) over a fixed list of parameters, using the
 * engine's fused update: one native call per parameter instead of about eight NDArray ops.
 *
 * <p>The update is w -= lr·√(1-β2ᵗ)/(1-β1ᵗ) · m/(√v + ε), which differs from torch.optim.Adam only in
 * where ε sits (torch adds ε·√(1-β2ᵗ)); irrelevant at these learning rates. The moment arrays are
 * created here, outside any per-step scope, so closing a step never frees optimiser state. The update
 * also zeroes each gradient.
 */
final class Adam {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;
    private static final float NO_CLIPPING = -1f;

    private final List<NDArray> parameters;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private final double learningRate;
    private int updates;

    Adam(List<NDArray> parameters, double learningRate, NDManager manager) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        this.parameters = parameters;
        this.learningRate = learningRate;
        for (NDArray p : parameters) {
            firstMoments.add(manager.zeros(p.getShape(), p.getDataType()));
            secondMoments.add(manager.zeros(p.getShape(), p.getDataType()));
        }
    }

    /** Applies one update from the accumulated gradients; call inside the step's scope (the gradient handles close with it). */
    void update() {
        updates++;
        double correction = Math.sqrt(1 - Math.pow(BETA2, updates)) / (1 - Math.pow(BETA1, updates));
        float stepSize = (float) (learningRate * correction);
        for (int i = 0; i < parameters.size(); i++) {
            PtNDArray weight = (PtNDArray) parameters.get(i);
            JniUtils.adamUpdate(weight, weight.getGradient(), (PtNDArray) firstMoments.get(i),
                    (PtNDArray) secondMoments.get(i), (float) learningRate, stepSize, 0f, 1f, NO_CLIPPING,
                    BETA1, BETA2, EPSILON, false);
            JniUtils.zeroGrad(weight);
        }
    }
}
