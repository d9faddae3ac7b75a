package dev.statetrack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Householder (DeltaNet-style) linear RNN: the token's embedding x_t sets a unit vector k_t, a value v_t
 * and a step size β_t, and the state takes one delta-rule step
 * <pre>
 *   h_t = (I − β_t k_t k_tᵀ) h_{t−1} + β_t v_t,   k = (W_k x + c_k) / ‖W_k x + c_k‖,   v = W_v x + c_v,
 *   β = β_max · σ(w_β · x + c_β)
 * </pre>
 * from a learned h_0, with a linear head on every h_t. The transition is input-dependent and not
 * diagonal: with β_max = 1 (β in (0, 1), DeltaNet) its eigenvalues are 1 and 1 − β in (0, 1); with
 * β_max = 2 (β in (0, 2)) they reach (−1, 1), and at β = 2 it is a reflection, whose products include
 * every permutation matrix (Grazzi et al., ICLR 2025). The state is a vector, the smallest model of this
 * class; DeltaNet's matrix state applies the same transition to d columns.
 *
 * <p>Initialisation: embedding N(0, 1); W_k, W_v, w_β, the head U(±1/√d) as nn.Linear, with biases
 * U(±1/√d); h_0 N(0, 1/d). Sequential scan: k, v and β of all steps come from batched products; each
 * step is then k·h, one rank-one update and an addition on [E, B, d].
 */
final class HouseholderRnn extends OwnedParameters {

    /** F.normalize's default. */
    private static final double UNIT_NORM_EPS = 1e-12;

    private final int state;
    private final NDArray embedding;
    private final NDArray keyWeight;
    private final NDArray keyBias;
    private final NDArray valueWeight;
    private final NDArray valueBias;
    private final NDArray stepWeight;
    private final NDArray stepBias;
    private final NDArray initialState;
    private final NDArray head;
    private final NDArray headBias;
    private final NDArray memberOffsets;
    private final NDArray betaMax;

    HouseholderRnn(ModelSpec spec, int vocabularySize, ParameterFactory factory) {
        super(spec, factory);
        state = spec.width();
        double bound = 1.0 / Math.sqrt(state);
        embedding = factory.normal(1.0, vocabularySize, state);
        keyWeight = factory.uniform(bound, state, state);
        keyBias = factory.uniform(bound, 1, state);
        valueWeight = factory.uniform(bound, state, state);
        valueBias = factory.uniform(bound, 1, state);
        stepWeight = factory.uniform(bound, state, 1);
        stepBias = factory.uniform(bound, 1, 1);
        initialState = factory.normal(bound, 1, state);
        head = factory.uniform(bound, state, vocabularySize);
        headBias = factory.uniform(bound, 1, vocabularySize);
        memberOffsets = Ops.memberOffsets(manager(), factory.members(), vocabularySize);
        betaMax = factory.scalar(Integer.parseInt(spec.option(HouseholderRnnProvider.BETA_MAX)));
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
        NDArray x = Ops.embed(tokens.transpose(0, 2, 1), embedding, memberOffsets).reshape(members, time * batch, state);
        NDArray key = Ops.linear(x, keyWeight, keyBias).normalize(2, 2, UNIT_NORM_EPS);
        NDArray beta = Ops.linear(x, stepWeight, stepBias).getNDArrayInternal().sigmoid().mul(betaMax);
        NDList keys = key.reshape(members, time, batch, state).split(time, 1);
        NDList scaledKeys = key.mul(beta).reshape(members, time, batch, state).split(time, 1);
        NDList values = Ops.linear(x, valueWeight, valueBias).mul(beta).reshape(members, time, batch, state)
                .split(time, 1);
        NDArray h = carried == null || carried.state() == null
                ? initialState.expandDims(1).broadcast(members, 1, batch, state) : carried.state();
        NDList states = new NDList(time);
        for (int t = 0; t < time; t++) {
            NDArray projection = keys.get(t).mul(h).sum(new int[] {3}, true);
            h = h.sub(scaledKeys.get(t).mul(projection)).add(values.get(t));
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
