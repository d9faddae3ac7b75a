package dev.statetrack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.statetrack.task.Vocabulary;

import java.util.List;
import java.util.function.Function;

/** Builds the model a {@link ModelSpec} describes, with the provider its kind names. */
public final class ModelFactory {

    private ModelFactory() {
    }

    /** One model (an ensemble of one member) initialised from {@code seed}. */
    public static SequenceModel create(ModelSpec spec, Vocabulary vocabulary, int maxInputLength,
                                       DataType dataType, long seed, NDManager parent) {
        return create(spec, vocabulary, maxInputLength, dataType, new long[] {seed}, parent);
    }

    /**
     * @param maxInputLength longest input the model must accept; sizes the transformer's position
     *                       table (and so its parameter count), ignored by recurrent models
     * @param dataType       FLOAT32 for training, FLOAT64 for gradient checks
     * @param seeds          one per ensemble member; member e's initial weights are those of the
     *                       one-member model built from {@code seeds[e]}
     * @param parent         the model's parameters live in a sub-manager of it, closed with the model
     */
    public static SequenceModel create(ModelSpec spec, Vocabulary vocabulary, int maxInputLength,
                                       DataType dataType, long[] seeds, NDManager parent) {
        return build(spec, vocabulary, maxInputLength, parent, manager -> new ParameterFactory(manager, dataType, seeds));
    }

    /**
     * A model of {@code spec} whose parameters are {@code parameters} (in the order
     * {@link SequenceModel#parameters()} lists them, each [E, ...]): e.g. some members' slices of a
     * larger ensemble, gathered. The model takes them over and closes them with itself.
     */
    public static SequenceModel withParameters(ModelSpec spec, Vocabulary vocabulary, int maxInputLength,
                                               List<NDArray> parameters, NDManager parent) {
        SequenceModel model = build(spec, vocabulary, maxInputLength, parent,
                manager -> ParameterFactory.handingOut(manager, parameters));
        if (model.parameters().size() != parameters.size()) {
            model.close();
            throw new IllegalArgumentException(parameters.size() + " parameters given, the model has "
                    + model.parameters().size());
        }
        return model;
    }

    private static SequenceModel build(ModelSpec spec, Vocabulary vocabulary, int maxInputLength, NDManager parent,
                                       Function<NDManager, ParameterFactory> factories) {
        if (maxInputLength < 1) {
            throw new IllegalArgumentException("maxInputLength must be >= 1, got " + maxInputLength);
        }
        ModelProvider provider = ModelProviders.of(spec);
        NDManager manager = parent.newSubManager();
        try {
            return provider.build(spec, vocabulary.size(), maxInputLength, factories.apply(manager));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }
}
