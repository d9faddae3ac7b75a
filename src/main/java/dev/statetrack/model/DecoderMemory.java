package dev.statetrack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

/**
 * What every {@link IncrementalDecoder} keeps between calls (a key/value cache, a recurrent state):
 * arrays computed inside the caller's scope, taken out of it so that they outlive the call and closed
 * with the decoder, and the number of tokens consumed.
 */
public abstract class DecoderMemory implements IncrementalDecoder {

    private final NDManager manager;
    /** Tokens consumed so far; the model's forward pass advances it. */
    protected int length;

    protected DecoderMemory(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    /** Keeps {@code fresh} beyond the caller's scope and frees {@code old}, which it replaces (may be null). */
    protected NDArray replace(NDArray old, NDArray fresh) {
        NDScope.unregister(fresh);
        fresh.attach(manager);
        if (old != null && old != fresh) {
            old.close();
        }
        return fresh;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public void close() {
        manager.close();
    }
}
