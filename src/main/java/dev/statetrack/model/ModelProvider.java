package dev.statetrack.model;

import java.util.stream.Collectors;

/**
 * One architecture, as a plug-in: its name, its hyper-parameters (read and checked from a study file or
 * the command line), how to build an ensemble of it, and its cost by arithmetic (FLOPs, memory). Providers
 * are found with {@link java.util.ServiceLoader}: a jar lists its providers' class names in
 * {@code META-INF/services/dev.statetrack.model.ModelProvider}; see {@link ModelProviders}.
 *
 * <p>A model's parameter count is never written down here: {@link ModelProviders#parameterCount} builds
 * the model and counts what it created.
 */
public interface ModelProvider {

    /** The name a study file's {@code kind:} and {@code --model} use: lowercase letters, digits and '-'. */
    String name();

    /** One line for help texts and {@code statetrack models}. */
    String description();

    /** The spec of the model a study file's mapping describes (its sizes are required there). */
    ModelSpec fromStudy(ModelParameters parameters);

    /**
     * The spec the command line's flags describe ({@code --layers}, {@code --width}, {@code --heads},
     * {@code --embedding}, {@code --normalize-state} and {@code --model-option KEY=VALUE}); absent sizes may
     * take small defaults here. By default the same keys as the study file.
     */
    default ModelSpec fromFlags(ModelParameters parameters) {
        return fromStudy(parameters);
    }

    /**
     * Builds the model. It must create every parameter through {@code factory} (which seeds each member,
     * stacks the members and owns the arrays) and must not compute with the parameters here: when only
     * counting ({@link ModelProviders#parameterCount}) they are empty placeholders of no shape. A large
     * constant (a mask) goes through {@link ParameterFactory#fixed}, which skips it when counting.
     *
     * @param maxInputLength longest input the model must accept (a position table's size)
     */
    SequenceModel build(ModelSpec spec, int vocabularySize, int maxInputLength, ParameterFactory factory);

    /**
     * Forward FLOPs of one member for the token at 1-based {@code position}, given what the earlier tokens
     * left behind (a cache, a recurrent state): one multiply-add is 2 FLOPs and only matrix products
     * count ({@link ModelFlops} states the convention).
     */
    long forwardFlopsAt(ModelSpec spec, int vocabularySize, int position);

    /** Forward and backward FLOPs for that token; by default the usual 3 × forward. */
    default long trainingFlopsAt(ModelSpec spec, int vocabularySize, int position) {
        return ModelFlops.TRAINING_MULTIPLIER * forwardFlopsAt(spec, vocabularySize, position);
    }

    /**
     * Floats one member keeps for backward at batch B and input length T, besides the logits (which
     * {@link MemoryEstimate} adds for every model); read off the forward code, an upper bound within a
     * small factor.
     */
    Activations activations(ModelSpec spec, int vocabularySize, int inputLength, int batchSize);

    /**
     * Floats a forward step of inference keeps alive besides the parameters (only to refuse points of
     * the inference benchmark that would not fit): by default about 24·width per computed position and
     * layer and the logits.
     *
     * @param positions positions computed in the step (batch × tokens)
     * @param length    tokens in each sequence so far
     */
    default long decodingFloats(ModelSpec spec, int vocabularySize, long positions, int length, int batch,
                                boolean cached) {
        return positions * (Math.max(1, spec.layers()) * 24L * spec.width() + 2L * vocabularySize);
    }

    /** How the spec reads in a sentence, e.g. {@code lstm (1 layer, hidden 128, embedding 128)}. */
    default String describe(ModelSpec spec) {
        String options = spec.options().entrySet().stream().map(e -> ", " + e.getKey() + " " + e.getValue())
                .collect(Collectors.joining());
        return spec.kind() + " (" + (spec.layers() > 1 ? spec.layers() + " layers, " : "") + "width " + spec.width()
                + options + ")";
    }

    /**
     * @param kept      floats of activations autograd keeps, without attention scores
     * @param attention attention scores and what derives from them (grow as T²); 0 for other models
     */
    record Activations(double kept, double attention) {

        public static Activations of(double kept) {
            return new Activations(kept, 0);
        }
    }
}
