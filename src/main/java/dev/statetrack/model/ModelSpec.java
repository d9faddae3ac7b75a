package dev.statetrack.model;

import java.io.Serializable;

/**
 * Architecture and size of one model. Fields a kind does not use are 0 / false.
 *
 * <ul>
 *   <li>transformer: {@code layers}, {@code width} (model dimension), {@code heads}; MLP is 4×width.</li>
 *   <li>lstm: {@code layers}, {@code width} (hidden size), {@code embedding} (input size).</li>
 *   <li>dense-ssm: {@code width} (state size), {@code normalizeState} (unit-norm h_t after each step).</li>
 * </ul>
 */
public record ModelSpec(ModelKind kind, int layers, int width, int heads, int embedding,
                        boolean normalizeState) implements Serializable {

    public static ModelSpec transformer(int layers, int width, int heads) {
        return new ModelSpec(ModelKind.TRANSFORMER, layers, width, heads, 0, false);
    }

    public static ModelSpec lstm(int layers, int hidden, int embedding) {
        return new ModelSpec(ModelKind.LSTM, layers, hidden, 0, embedding, false);
    }

    public static ModelSpec denseSsm(int state, boolean normalizeState) {
        return new ModelSpec(ModelKind.DENSE_SSM, 1, state, 0, 0, normalizeState);
    }
}
