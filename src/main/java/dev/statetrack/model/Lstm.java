package dev.statetrack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Token embedding (vocabulary × embedding) → multi-layer LSTM (with PyTorch's gate order i, f, g, o
 * and its two bias vectors per layer) → linear head hidden → vocabulary with bias.
 *
 * <p>Initialisation follows PyTorch's defaults for the same modules, so a reference built from
 * {@code nn.Embedding}, {@code nn.LSTM} and {@code nn.Linear} starts from the same distribution:
 * embedding N(0, 1), LSTM weights and biases U(±1/√hidden), head weight and bias U(±1/√hidden).
 *
 * <p>Members: parameters keep PyTorch's layouts behind the member dimension (weight_ih [E, 4h, in],
 * weight_hh [E, 4h, h], biases [E, 4h], head [E, V, h] and [E, V]). {@code torch::lstm} cannot
 * give each member its own weights, so the recurrence is written out: the input projection of all
 * time steps in one batched product, then per step one batched product [E, B, h] × [E, h, 4h] and
 * the gate ops. One member takes the same path. PyTorch's fused op is not used even then: in
 * float32 (DJL 0.36, PyTorch 2.7.1 CPU) it computed a different function from the same op in float64
 * and from this recurrence (logits 0.12 apart for hidden 6, one layer, three steps, while float32 and
 * float64 of this recurrence agree to 2e-8), though it was faster at E = 1 (forward and backward,
 * batch 64, medians on a loaded 2-core machine, fused vs written out: hidden 32, length 4: 1.9–2.3 vs
 * 2.6–3.6 ms; length 20: 3.4–21 vs 8.7–29 ms; hidden 256, length 20: 58–78 vs 119–179 ms; hidden
 * 768, length 20: 1.38–1.60 vs 1.74–1.83 s).
 */
final class Lstm extends OwnedParameters {

    private final int hidden;
    private final NDArray embedding;
    /** Per layer: weight_ih, weight_hh, bias_ih, bias_hh, as nn.LSTM names and lays them out. */
    private final NDList lstmWeights;
    private final NDArray head;
    private final NDArray headBias;
    private final NDArray memberOffsets;

    Lstm(ModelSpec spec, int vocabularySize, ParameterFactory factory) {
        super(spec, factory);
        if (spec.layers() < 1 || spec.width() < 1 || spec.embedding() < 1) {
            throw new IllegalArgumentException("lstm needs layers, width (hidden) and embedding >= 1, got layers="
                    + spec.layers() + " width=" + spec.width() + " embedding=" + spec.embedding());
        }
        hidden = spec.width();
        double bound = 1.0 / Math.sqrt(hidden);
        embedding = factory.normal(1.0, vocabularySize, spec.embedding());
        lstmWeights = Ops.gatedRnnWeights(factory, spec, 4);
        head = factory.uniform(bound, vocabularySize, hidden);
        headBias = factory.uniform(bound, vocabularySize);
        memberOffsets = Ops.memberOffsets(manager(), factory.members(), vocabularySize);
    }

    @Override
    public NDArray forward(NDArray tokens) {
        return forward(tokens, null);
    }

    @Override
    public IncrementalDecoder decoder() {
        return new State();
    }

    /**
     * Runs time-major ([E, T, B, ...]) so that each step's slice is contiguous. Without a state (or with
     * a fresh one) the state starts at zero, so the first step needs no recurrent product; with one, the
     * sequences continue from its h and c, which are then replaced by the last step's.
     */
    private NDArray forward(NDArray tokens, State state) {
        requireMemberTokens(tokens);
        long members = tokens.getShape().get(0);
        long batch = tokens.getShape().get(1);
        int time = Math.toIntExact(tokens.getShape().get(2));
        NDArray x = Ops.embed(tokens.transpose(0, 2, 1), embedding, memberOffsets)
                .reshape(members, time * batch, spec().embedding());
        for (int layer = 0; layer < spec().layers(); layer++) {
            NDArray inputWeight = lstmWeights.get(4 * layer);
            NDArray recurrentWeight = lstmWeights.get(4 * layer + 1).transpose(0, 2, 1).expandDims(1);
            NDArray bias = lstmWeights.get(4 * layer + 2).add(lstmWeights.get(4 * layer + 3)).expandDims(1);
            NDList projected = x.matMul(inputWeight.transpose(0, 2, 1)).add(bias)
                    .reshape(members, time, batch, 4L * hidden).split(time, 1);
            NDList outputs = new NDList(time);
            NDArray h = state == null ? null : state.h[layer];
            NDArray c = state == null ? null : state.c[layer];
            for (int t = 0; t < time; t++) {
                NDArray gates = h == null ? projected.get(t) : projected.get(t).add(h.matMul(recurrentWeight));
                NDList split = gates.split(4, 3);
                NDArray input = split.get(0).getNDArrayInternal().sigmoid();
                NDArray forget = split.get(1).getNDArrayInternal().sigmoid();
                NDArray candidate = split.get(2).tanh();
                NDArray output = split.get(3).getNDArrayInternal().sigmoid();
                c = c == null ? input.mul(candidate) : forget.mul(c).add(input.mul(candidate));
                h = output.mul(c.tanh());
                outputs.add(h);
            }
            x = NDArrays.concat(outputs, 1).reshape(members, time * batch, hidden);
            if (state != null) {
                state.h[layer] = state.replace(state.h[layer], h);
                state.c[layer] = state.replace(state.c[layer], c);
            }
        }
        if (state != null) {
            state.length += time;
        }
        return Ops.linear(x, head.transpose(0, 2, 1), headBias.expandDims(1))
                .reshape(members, time, batch, -1).transpose(0, 2, 1, 3);
    }

    @Override
    public int maxInputLength() {
        return Integer.MAX_VALUE;
    }

    /** Every layer's h and c after the last token, [E, 1, B, hidden]; null before the first (a zero state). */
    private final class State extends DecoderMemory {

        private final NDArray[] h = new NDArray[spec().layers()];
        private final NDArray[] c = new NDArray[spec().layers()];

        State() {
            super(manager());
        }

        @Override
        public NDArray next(NDArray tokens) {
            return forward(tokens, this);
        }
    }
}
