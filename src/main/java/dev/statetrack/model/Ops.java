package dev.statetrack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;

/**
 * The few differentiable building blocks the models share, as PyTorch defines them, applied to E
 * ensemble members at once: every weight has a leading member dimension and member e's inputs only
 * meet member e's weights.
 */
public final class Ops {

    /** PyTorch's default LayerNorm epsilon, so the reference implementation computes the same function. */
    static final float LAYER_NORM_EPS = 1e-5f;

    private Ops() {
    }

    /**
     * Offsets e·V ([E, 1, 1], int64) that turn member e's token ids into rows of its block of a
     * member-stacked table flattened to [E·V, width].
     */
    public static NDArray memberOffsets(NDManager manager, int members, int vocabularySize) {
        long[] offsets = new long[members];
        for (int e = 0; e < members; e++) {
            offsets[e] = (long) e * vocabularySize;
        }
        return manager.create(offsets, new Shape(members, 1, 1));
    }

    /**
     * Looks up member e's tokens in member e's table: {@code tokens} [E, ...] int64, {@code table}
     * [E, V, width], {@code offsets} from {@link #memberOffsets}; result [E, ..., width].
     */
    public static NDArray embed(NDArray tokens, NDArray table, NDArray offsets) {
        Shape shape = table.getShape();
        NDArray flat = table.reshape(shape.get(0) * shape.get(1), shape.get(2));
        NDArray rows = tokens.add(offsets);
        return flat.getNDArrayInternal().embedding(rows, flat, SparseFormat.DENSE).singletonOrThrow();
    }

    /** x·W + b per member: x [E, N, in], W [E, in, out], b [E, 1, out] (may be null). */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        NDArray product = x.matMul(weight);
        return bias == null ? product : product.add(bias);
    }

    /**
     * Every layer's weights of a gated RNN in PyTorch's order and layout (nn.LSTM: 4 gates, nn.GRU: 3):
     * weight_ih [g·h, in], weight_hh [g·h, h], bias_ih [g·h], bias_hh [g·h], each U(±1/√h), the first
     * layer's input the embedding.
     */
    public static NDList gatedRnnWeights(ParameterFactory factory, ModelSpec spec, int gates) {
        int hidden = spec.width();
        double bound = 1.0 / Math.sqrt(hidden);
        NDList weights = new NDList();
        for (int layer = 0; layer < spec.layers(); layer++) {
            int input = layer == 0 ? spec.embedding() : hidden;
            weights.add(factory.uniform(bound, (long) gates * hidden, input));
            weights.add(factory.uniform(bound, (long) gates * hidden, hidden));
            weights.add(factory.uniform(bound, (long) gates * hidden));
            weights.add(factory.uniform(bound, (long) gates * hidden));
        }
        return weights;
    }

    /**
     * A recurrence's per-step states, each [E, 1, B, d], through a linear head (W [E, d, V], b [E, 1, V])
     * into logits [E, B, T, V], with one product over all steps.
     */
    public static NDArray timeMajorLogits(NDList states, NDArray head, NDArray headBias) {
        Shape step = states.get(0).getShape();
        long members = step.get(0);
        long batch = step.get(2);
        int time = states.size();
        NDArray all = NDArrays.concat(states, 1).reshape(members, time * batch, step.get(3));
        return linear(all, head, headBias).reshape(members, time, batch, -1).transpose(0, 2, 1, 3);
    }

    /**
     * Per-member LayerNorm over the last dimension: the native LayerNorm with a unit affine
     * (γ = {@code ones}, β = {@code zeros}, constants of shape [width]) normalises all members in
     * one op, then each member's own γ and β ([E, 1, width]) are applied by broadcasting.
     */
    public static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta, UnitAffine unit) {
        NDArray normalized = x.getNDArrayInternal()
                .layerNorm(x, new Shape(unit.ones().getShape().get(0)), unit.ones(), unit.zeros(), LAYER_NORM_EPS)
                .singletonOrThrow();
        return normalized.mul(gamma).add(beta);
    }

    /** γ = 1, β = 0 of the given width: the affine that leaves a normalised input as it is. */
    public record UnitAffine(NDArray ones, NDArray zeros) {

        public static UnitAffine of(NDManager manager, int width, DataType dataType) {
            return new UnitAffine(manager.ones(new Shape(width), dataType), manager.zeros(new Shape(width), dataType));
        }
    }
}
