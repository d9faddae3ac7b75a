package dev.statetrack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;


/**
 * Token embedding (vocabulary × embedding) → multi-layer LSTM (PyTorch's fused {@code torch::lstm},
 * with its two bias vectors per layer) → linear head hidden → vocabulary with bias.
 *
 * <p>Initialisation follows PyTorch's defaults for the same modules, so a reference built from
 * {@code nn.Embedding}, {@code nn.LSTM} and {@code nn.Linear} starts from the same distribution:
 * embedding N(0, 1), LSTM weights and biases U(±1/√hidden), head weight and bias U(±1/√hidden).
 */
final class Lstm extends OwnedParameters {

    private final NDArray embedding;
    /** Per layer: weight_ih, weight_hh, bias_ih, bias_hh, the order torch::lstm expects. */
    private final NDList lstmWeights = new NDList();
    private final NDArray head;
    private final NDArray headBias;

    Lstm(ModelSpec spec, int vocabularySize, ParameterFactory factory) {
        super(spec, factory);
        if (spec.layers() < 1 || spec.width() < 1 || spec.embedding() < 1) {
            throw new IllegalArgumentException("lstm needs layers, width (hidden) and embedding >= 1, got layers="
                    + spec.layers() + " width=" + spec.width() + " embedding=" + spec.embedding());
        }
        int hidden = spec.width();
        double bound = 1.0 / Math.sqrt(hidden);
        embedding = factory.normal(1.0, vocabularySize, spec.embedding());
        for (int layer = 0; layer < spec.layers(); layer++) {
            int input = layer == 0 ? spec.embedding() : hidden;
            lstmWeights.add(factory.uniform(bound, 4L * hidden, input));
            lstmWeights.add(factory.uniform(bound, 4L * hidden, hidden));
            lstmWeights.add(factory.uniform(bound, 4L * hidden));
            lstmWeights.add(factory.uniform(bound, 4L * hidden));
        }
        head = factory.uniform(bound, vocabularySize, hidden);
        headBias = factory.uniform(bound, vocabularySize);
    }

    @Override
    public NDArray forward(NDArray tokens) {
        NDArray x = Ops.embed(tokens, embedding);
        Shape stateShape = new Shape(spec().layers(), tokens.getShape().get(0), spec().width());
        NDArray h0 = tokens.getManager().zeros(stateShape, x.getDataType());
        NDArray c0 = tokens.getManager().zeros(stateShape, x.getDataType());
        NDArray output = x.getNDArrayInternal()
                .lstm(x, new NDList(h0, c0), lstmWeights, true, spec().layers(), 0.0, true, false, true)
                .get(0);
        return Ops.linear(output, head, headBias);
    }



    @Override
    public int maxInputLength() {
        return Integer.MAX_VALUE;
    }

}
