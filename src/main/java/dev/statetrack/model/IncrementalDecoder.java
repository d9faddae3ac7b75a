package dev.statetrack.model;

import ai.djl.ndarray.NDArray;

/**
 * Runs a {@link SequenceModel} over a sequence that arrives a few tokens at a time: each call gives the
 * logits of the new positions as the full forward pass over everything seen so far would, keeping what
 * earlier tokens left behind (a key/value cache, a recurrent state) inside the decoder.
 *
 * <p>Arrays returned belong to the caller's scope and may be closed with the decoder; the decoder's
 * own state is detached from that scope and lives until {@link #close()}.
 */
public interface IncrementalDecoder extends AutoCloseable {

    /**
     * @param tokens the next k tokens of every sequence (int64, shaped as {@link SequenceModel#forward}
     *               takes them, with time last)
     * @return their logits, shaped as {@link SequenceModel#forward} returns them for k positions
     */
    NDArray next(NDArray tokens);

    /** Tokens consumed so far. */
    int length();

    @Override
    void close();
}
