package dev.statetrack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The decoder memory of a model whose whole state after the last token is one array (a one-layer
 * recurrence): the model's forward pass continues its sequences from {@link #state()} and hands the
 * new state back with {@link #keep}.
 */
public final class RecurrentState extends DecoderMemory {

    /** The model's forward pass over the next tokens, continuing from (and updating) a memory. */
    public interface Forward {
        NDArray apply(NDArray tokens, RecurrentState memory);
    }

    private final Forward forward;
    private NDArray state;

    public RecurrentState(NDManager manager, Forward forward) {
        super(manager);
        this.forward = forward;
    }

    /** The state after the last token consumed, or null before the first. */
    public NDArray state() {
        return state;
    }

    /** Keeps {@code last} as the state after {@code tokens} more tokens. */
    public void keep(NDArray last, int tokens) {
        state = replace(state, last);
        length += tokens;
    }

    @Override
    public NDArray next(NDArray tokens) {
        return forward.apply(tokens, this);
    }
}
