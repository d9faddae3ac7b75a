package dev.statetrack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Linear;

/** The few differentiable building blocks the models share, as PyTorch defines them. */
final class Ops {

    /** PyTorch's default LayerNorm epsilon, so the reference implementation computes the same function. */
    static final float LAYER_NORM_EPS = 1e-5f;

    private Ops() {
    }

    static NDArray embed(NDArray tokens, NDArray table) {
        return table.getNDArrayInternal().embedding(tokens, table, SparseFormat.DENSE).singletonOrThrow();
    }

    /** x·Wᵀ + b with W of shape (out, in); bias may be null. */
    static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return (bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias)).singletonOrThrow();
    }

    static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        return x.getNDArrayInternal()
                .layerNorm(x, new Shape(gamma.getShape().get(0)), gamma, beta, LAYER_NORM_EPS)
                .singletonOrThrow();
    }
}
