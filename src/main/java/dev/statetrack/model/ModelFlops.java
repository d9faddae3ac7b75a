package dev.statetrack.model;

/**
 * Parameter counts and floating-point operations of any architecture, from its sizes alone: each
 * {@link ModelProvider} counts its own FLOPs by the convention below.
 *
 * <p>Convention: one multiply-add is 2 FLOPs, and only matrix products are counted (projections,
 * attention scores and the attention-weighted sum, LSTM gates, the SSM transition, the output head);
 * LayerNorm, softmax, GELU, gate nonlinearities, biases, residual additions and embedding look-ups are
 * left out, as is usual (they are a few per cent at these sizes). The counts are the architecture's
 * arithmetic, not an implementation's: the transformer counts causal attention (position i attends over
 * i positions) although its full forward computes and masks the whole square, and the dense SSM counts
 * one d×d product per step although its forward for small V·d multiplies by every token's matrix.
 * A training step (forward and backward) is taken as 3 × forward, the usual estimate: the backward pass
 * computes two products (gradient of the input and of the weight) per forward product.
 */
public final class ModelFlops {

    /** Backward ≈ 2 × forward (a provider's default, {@link ModelProvider#trainingFlopsAt}). */
    public static final int TRAINING_MULTIPLIER = 3;

    private ModelFlops() {
    }

    /**
     * Trainable parameters of one member of the model {@link ModelFactory} builds (counted from its
     * constructor, {@link ModelProviders#parameterCount}).
     *
     * @param maxInputLength rows of the transformer's position table; ignored by the recurrent models
     */
    public static long parameters(ModelSpec spec, int vocabularySize, int maxInputLength) {
        return ModelProviders.parameterCount(spec, vocabularySize, maxInputLength);
    }

    /**
     * Forward FLOPs for the token at 1-based position {@code position}, given what the earlier tokens
     * left behind (the transformer's cached keys and values, a recurrent model's state): the cost of
     * one step of incremental decoding, and the per-position term of a full forward pass.
     */
    public static long forwardAt(ModelSpec spec, int vocabularySize, int position) {
        if (position < 1) {
            throw new IllegalArgumentException("position must be >= 1, got " + position);
        }
        return ModelProviders.of(spec).forwardFlopsAt(spec, vocabularySize, position);
    }

    /** Forward FLOPs of a full pass over the first {@code length} positions (Σ of {@link #forwardAt}). */
    public static long forwardPass(ModelSpec spec, int vocabularySize, int length) {
        long total = 0;
        for (int position = 1; position <= length; position++) {
            total += forwardAt(spec, vocabularySize, position);
        }
        return total;
    }

    /**
     * FLOPs per token of generating the token at position {@code length}: with a cache (or a recurrent
     * state) one incremental step; without, a full forward pass over the whole prefix.
     */
    public static long decodingPerToken(ModelSpec spec, int vocabularySize, int length, boolean cached) {
        return cached ? forwardAt(spec, vocabularySize, length) : forwardPass(spec, vocabularySize, length);
    }

    /** Forward and backward FLOPs of one training sample whose (padded) input is {@code length} tokens. */
    public static long trainingPerSample(ModelSpec spec, int vocabularySize, int length) {
        ModelProvider provider = ModelProviders.of(spec);
        long total = 0;
        for (int position = 1; position <= length; position++) {
            total += provider.trainingFlopsAt(spec, vocabularySize, position);
        }
        return total;
    }
}
