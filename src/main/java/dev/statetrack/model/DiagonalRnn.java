package dev.statetrack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Diagonal selective linear RNN, the recurrence of Mamba-style models: the token's embedding x_t sets a
 * diagonal transition and an input,
 * <pre>
 *   h_t = a(x_t) ⊙ h_{t−1} + b(x_t),   a(x) = σ(W_a x + c_a)  or  2σ(W_a x + c_a) − 1,   b(x) = W_b x + c_b
 * </pre>
 * from a learned h_0, with a linear head (state → vocabulary, with bias) on every h_t. With eigenvalues
 * {@code positive} a lies in (0, 1), the range Merrill et al. (2024) show cannot track non-abelian state
 * (nor, length-generalising, parity); with {@code signed} it lies in (−1, 1), the extension of Grazzi et
 * al. (ICLR 2025) that can flip a sign per token, and so count parity.
 *
 * <p>Initialisation: embedding N(0, 1); W_a, W_b, head U(±1/√d) as nn.Linear; c_a = 2, so that a
 * starts near σ(2) = 0.88 (positive) or 0.76 (signed) and the state remembers across the lengths
 * studied rather than forgetting within a few tokens; c_b and the head's bias U(±1/√d); h_0 N(0, 1/d).
 *
 * <p>Sequential scan: a and b of all steps come from two batched products; each step is then two
 * element-wise ops on [E, B, d].
 */
final class DiagonalRnn extends OwnedParameters {

    private static final double TRANSITION_BIAS = 2.0;

    private final int state;
    private final boolean signed;
    private final NDArray embedding;
    private final NDArray transitionWeight;
    private final NDArray transitionBias;
    private final NDArray inputWeight;
    private final NDArray inputBias;
    private final NDArray initialState;
    private final NDArray head;
    private final NDArray headBias;
    private final NDArray memberOffsets;
    private final NDArray one;
    private final NDArray two;

    DiagonalRnn(ModelSpec spec, int vocabularySize, ParameterFactory factory) {
        super(spec, factory);
        state = spec.width();
        signed = DiagonalRnnProvider.SIGNED.equals(spec.option(DiagonalRnnProvider.EIGENVALUES));
        double bound = 1.0 / Math.sqrt(state);
        embedding = factory.normal(1.0, vocabularySize, state);
        transitionWeight = factory.uniform(bound, state, state);
        transitionBias = factory.constant(TRANSITION_BIAS, 1, state);
        inputWeight = factory.uniform(bound, state, state);
        inputBias = factory.uniform(bound, 1, state);
        initialState = factory.normal(bound, 1, state);
        head = factory.uniform(bound, state, vocabularySize);
        headBias = factory.uniform(bound, 1, vocabularySize);
        memberOffsets = Ops.memberOffsets(manager(), factory.members(), vocabularySize);
        one = factory.scalar(1);
        two = factory.scalar(2);
    }

    @Override
    public NDArray forward(NDArray tokens) {
        return forward(tokens, null);
    }

    @Override
    public IncrementalDecoder decoder() {
        return new RecurrentState(manager(), this::forward);
    }

    private NDArray forward(NDArray tokens, RecurrentState carried) {
        requireMemberTokens(tokens);
        long members = tokens.getShape().get(0);
        long batch = tokens.getShape().get(1);
        int time = Math.toIntExact(tokens.getShape().get(2));
        // time-major rows [E, T·B, d], so that each step's slice is contiguous
        NDArray x = Ops.embed(tokens.transpose(0, 2, 1), embedding, memberOffsets).reshape(members, time * batch, state);
        NDArray gate = Ops.linear(x, transitionWeight, transitionBias).getNDArrayInternal().sigmoid();
        NDArray a = signed ? gate.mul(two).sub(one) : gate;
        NDList transitions = a.reshape(members, time, batch, state).split(time, 1);
        NDList inputs = Ops.linear(x, inputWeight, inputBias).reshape(members, time, batch, state).split(time, 1);
        NDArray h = carried == null || carried.state() == null
                ? initialState.expandDims(1).broadcast(members, 1, batch, state) : carried.state();
        NDList states = new NDList(time);
        for (int t = 0; t < time; t++) {
            h = transitions.get(t).mul(h).add(inputs.get(t));
            states.add(h);
        }
        if (carried != null) {
            carried.keep(h, time);
        }
        return Ops.timeMajorLogits(states, head, headBias);
    }

    @Override
    public int maxInputLength() {
        return Integer.MAX_VALUE;
    }
}
