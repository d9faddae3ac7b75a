package dev.statetrack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.List;

/**
 * What every model shares (a plug-in's too): its spec, and the parameters its {@link ParameterFactory}
 * created, all owned by the factory's manager and closed with the model.
 */
public abstract class OwnedParameters implements SequenceModel {

    private final ModelSpec spec;
    private final ParameterFactory factory;

    /** The subclass creates its parameters through {@code factory} in its own constructor. */
    protected OwnedParameters(ModelSpec spec, ParameterFactory factory) {
        this.spec = spec;
        this.factory = factory;
    }

    @Override
    public final ModelSpec spec() {
        return spec;
    }

    @Override
    public final int members() {
        return factory.members();
    }

    @Override
    public final List<NDArray> parameters() {
        return factory.parameters();
    }

    /** Tokens must be [E, B, T] with this model's E. */
    protected final void requireMemberTokens(NDArray tokens) {
        if (tokens.getShape().dimension() != 3 || tokens.getShape().get(0) != members()) {
            throw new IllegalArgumentException("tokens must be [members, batch, time] with " + members()
                    + " members, got " + tokens.getShape());
        }
    }

    protected final NDManager manager() {
        return factory.manager();
    }

    @Override
    public final void close() {
        factory.manager().close();
    }
}
