package dev.statetrack.model;

import ai.djl.ndarray.NDArray;

import java.util.List;

/**
 * A trainable model mapping token ids (batch × time, int64) to logits over the vocabulary
 * (batch × time × vocabulary). Output at position t depends only on tokens 0..t.
 *
 * <p>A model owns its parameters (leaf arrays that require gradients) and closes them on
 * {@link #close()}. Arrays produced by {@link #forward} belong to the caller's scope.
 */
public interface SequenceModel extends AutoCloseable {

    ModelSpec spec();

    NDArray forward(NDArray tokens);

    /** Trainable arrays in a fixed order (the order the optimiser state is kept in). */
    List<NDArray> parameters();

    /** Longest input this model accepts (the transformer's position table); unlimited for recurrent models. */
    int maxInputLength();

    default long parameterCount() {
        long count = 0;
        for (NDArray p : parameters()) {
            count += p.size();
        }
        return count;
    }

    @Override
    void close();
}
