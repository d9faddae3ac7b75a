package dev.statetrack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * Token embedding (vocabulary × embedding) → multi-layer GRU (Cho et al. 2014, with PyTorch's gate
 * order r, z, n and its two bias vectors per layer) → linear head hidden → vocabulary with bias:
 * <pre>
 *   r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz)
 *   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h' = (1 − z) ⊙ n + z ⊙ h = n + z ⊙ (h − n)
 * </pre>
 * with h_0 = 0. The last form needs no constant 1 (a Number operand would corrupt gradients, see
 * DJL-NOTES). Initialisation as PyTorch's nn.Embedding, nn.GRU and nn.Linear: embedding N(0, 1),
 * everything else U(±1/√hidden).
 *
 * <p>Members: parameters keep PyTorch's layouts behind the member dimension; the recurrence is written
 * out as {@link Lstm}'s is: one batched input projection of all steps, then per step one batched
 * product [E, B, h] × [E, h, 3h] and the gate ops.
 */
final class Gru extends OwnedParameters {

    private final int hidden;
    private final NDArray embedding;
    /** Per layer: weight_ih [3h, in], weight_hh [3h, h], bias_ih, bias_hh, as nn.GRU names them. */
    private final NDList gruWeights;
    private final NDArray head;
    private final NDArray headBias;
    private final NDArray memberOffsets;

    Gru(ModelSpec spec, int vocabularySize, ParameterFactory factory) {
        super(spec, factory);
        hidden = spec.width();
        double bound = 1.0 / Math.sqrt(hidden);
        embedding = factory.normal(1.0, vocabularySize, spec.embedding());
        gruWeights = Ops.gatedRnnWeights(factory, spec, 3);
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

    /** Time-major as {@link Lstm}; a state continues its sequences from its h and is then replaced. */
    private NDArray forward(NDArray tokens, State state) {
        requireMemberTokens(tokens);
        long members = tokens.getShape().get(0);
        long batch = tokens.getShape().get(1);
        int time = Math.toIntExact(tokens.getShape().get(2));
        NDArray x = Ops.embed(tokens.transpose(0, 2, 1), embedding, memberOffsets)
                .reshape(members, time * batch, spec().embedding());
        for (int layer = 0; layer < spec().layers(); layer++) {
            NDArray recurrentWeight = gruWeights.get(4 * layer + 1).transpose(0, 2, 1).expandDims(1);
            NDArray recurrentBias = gruWeights.get(4 * layer + 3).expandDims(1).expandDims(1);
            NDList projected = Ops.linear(x, gruWeights.get(4 * layer).transpose(0, 2, 1),
                            gruWeights.get(4 * layer + 2).expandDims(1))
                    .reshape(members, time, batch, 3L * hidden).split(time, 1);
            NDList outputs = new NDList(time);
            NDArray h = state == null || state.h[layer] == null
                    ? x.getManager().zeros(new Shape(members, 1, batch, hidden), x.getDataType()) : state.h[layer];
            for (int t = 0; t < time; t++) {
                NDList in = projected.get(t).split(3, 3);
                NDList rec = h.matMul(recurrentWeight).add(recurrentBias).split(3, 3);
                NDArray reset = in.get(0).add(rec.get(0)).getNDArrayInternal().sigmoid();
                NDArray update = in.get(1).add(rec.get(1)).getNDArrayInternal().sigmoid();
                NDArray candidate = in.get(2).add(reset.mul(rec.get(2))).tanh();
                h = candidate.add(update.mul(h.sub(candidate)));
                outputs.add(h);
            }
            x = NDArrays.concat(outputs, 1).reshape(members, time * batch, hidden);
            if (state != null) {
                state.h[layer] = state.replace(state.h[layer], h);
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

    /** Every layer's h after the last token, [E, 1, B, hidden]; null before the first (a zero state). */
    private final class State extends DecoderMemory {

        private final NDArray[] h = new NDArray[spec().layers()];

        State() {
            super(manager());
        }

        @Override
        public NDArray next(NDArray tokens) {
            return forward(tokens, this);
        }
    }
}
