package org.example.elman;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.statetrack.model.IncrementalDecoder;
import dev.statetrack.model.ModelSpec;
import dev.statetrack.model.Ops;
import dev.statetrack.model.OwnedParameters;
import dev.statetrack.model.ParameterFactory;
import dev.statetrack.model.RecurrentState;

/** Elman RNN: h_t = tanh(W x_t + b + U h_{t-1}) from h_0 = 0, then a linear head on every h_t. */
public final class Elman extends OwnedParameters {

    private final int hidden;
    private final NDArray embedding;
    private final NDArray inputWeight;
    private final NDArray recurrentWeight;
    private final NDArray bias;
    private final NDArray head;
    private final NDArray headBias;
    private final NDArray memberOffsets;

    /** Every parameter comes from the factory: [E, ...], member e seeded by its own seed. */
    Elman(ModelSpec spec, int vocabularySize, ParameterFactory factory) {
        super(spec, factory);
        hidden = spec.width();
        double bound = 1 / Math.sqrt(hidden);
        embedding = factory.normal(1.0, vocabularySize, hidden);
        inputWeight = factory.uniform(bound, hidden, hidden);
        recurrentWeight = factory.uniform(bound, hidden, hidden);
        bias = factory.uniform(bound, 1, hidden);
        head = factory.uniform(bound, hidden, vocabularySize);
        headBias = factory.uniform(bound, 1, vocabularySize);
        memberOffsets = Ops.memberOffsets(manager(), factory.members(), vocabularySize);
    }

    @Override
    public NDArray forward(NDArray tokens) {
        return run(tokens, null);
    }

    @Override
    public IncrementalDecoder decoder() {
        return new RecurrentState(manager(), this::run);
    }

    @Override
    public int maxInputLength() {
        return Integer.MAX_VALUE;
    }

    /** tokens [E, B, T] → logits [E, B, T, V]; a decoder's state continues its sequences. */
    private NDArray run(NDArray tokens, RecurrentState state) {
        requireMemberTokens(tokens);
        long members = tokens.getShape().get(0);
        long batch = tokens.getShape().get(1);
        int time = Math.toIntExact(tokens.getShape().get(2));
        NDArray x = Ops.embed(tokens, embedding, memberOffsets).reshape(members, batch * time, hidden);
        NDList steps = Ops.linear(x, inputWeight, bias).reshape(members, batch, time, hidden).split(time, 2);
        NDArray recurrent = recurrentWeight.expandDims(1);
        NDArray h = state == null ? null : state.state();
        NDList outputs = new NDList(time);
        for (int t = 0; t < time; t++) {
            NDArray input = steps.get(t);
            h = (h == null ? input : input.add(h.matMul(recurrent))).tanh();
            outputs.add(h);
        }
        if (state != null) {
            state.keep(h, time);
        }
        NDArray all = NDArrays.concat(outputs, 2).reshape(members, batch * time, hidden);
        return Ops.linear(all, head, headBias).reshape(members, batch, time, -1);
    }
}
