package dev.statetrack.model;

import ai.djl.ndarray.NDArray;

import java.util.List;

/**
 * An ensemble of E ≥ 1 independent models of one architecture, trained together: token ids
 * [E, B, T] (int64) map to logits [E, B, T, V]. Position t of member e depends only on member e's
 * tokens 0..t and member e's parameters. Every parameter is stacked along a leading member dimension:
 * its slice e is member e's parameter.
 *
 * <p>Member e starts from exactly (bit for bit) the weights a one-member model built from its seed
 * has. Its outputs and gradients may differ from that model's in the last bits, because the members
 * go through batched kernels that may sum in a different order; they are exactly zero with respect to
 * any other member's parameters, and a one-member model computes exactly what it did before members
 * existed.
 *
 * <p>A model owns its parameters (leaf arrays that require gradients) and closes them on
 * {@link #close()}. Arrays produced by {@link #forward} belong to the caller's scope.
 */
public interface SequenceModel extends AutoCloseable {

    ModelSpec spec();

    /** Ensemble size E: the leading dimension of the tokens, the logits and every parameter. */
    int members();

    NDArray forward(NDArray tokens);

    /**
     * A decoder that continues sequences token by token from what the earlier tokens left behind (the
     * transformer's keys and values, a recurrent model's state) and gives the logits {@link #forward}
     * gives for the same positions. Close it before the model.
     */
    IncrementalDecoder decoder();

    /** Trainable arrays in a fixed order (the order the optimiser state is kept in), each [E, ...]. */
    List<NDArray> parameters();

    /** Longest input this model accepts (the transformer's position table); unlimited for recurrent models. */
    int maxInputLength();

    /** Trainable numbers of one member (what one trial trains): all parameters' elements divided by E. */
    default long parameterCount() {
        long count = 0;
        for (NDArray p : parameters()) {
            count += p.size();
        }
        return count / members();
    }

    @Override
    void close();
}
