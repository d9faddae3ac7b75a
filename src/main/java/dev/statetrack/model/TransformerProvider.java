package dev.statetrack.model;

/** The GPT-2 style {@link Transformer}: {@code layers}, {@code width}, {@code heads}. */
public final class TransformerProvider implements ModelProvider {

    public static final String NAME = "transformer";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "GPT-2 style decoder: pre-LayerNorm blocks, causal softmax attention, tied head (layers, width, heads)";
    }

    @Override
    public ModelSpec fromStudy(ModelParameters p) {
        p.allowOnly("layers", "width", "heads");
        return spec(p, p.positive("layers"), p.positive("width"), p.positive("heads"));
    }

    @Override
    public ModelSpec fromFlags(ModelParameters p) {
        p.allowOnly("layers", "width", "heads");
        return spec(p, p.positive("layers", 2), p.positive("width", 64), p.positive("heads", 4));
    }

    private static ModelSpec spec(ModelParameters p, int layers, int width, int heads) {
        if (width % heads != 0) {
            throw p.error("heads", heads + " does not divide width " + width);
        }
        return ModelSpec.transformer(layers, width, heads);
    }

    @Override
    public SequenceModel build(ModelSpec spec, int vocabularySize, int maxInputLength, ParameterFactory factory) {
        return new Transformer(spec, vocabularySize, maxInputLength, factory);
    }

    /**
     * Per layer: QKV 3d², output projection d², MLP 8d² multiply-adds; scores and weighted sum over
     * {@code position} keys, d each (summed over heads); then the tied head. Causal attention is counted
     * although the full forward computes and masks the whole square.
     */
    @Override
    public long forwardFlopsAt(ModelSpec spec, int vocabularySize, int position) {
        long d = spec.width();
        return spec.layers() * (2 * 12 * d * d + 2 * 2 * (long) position * d) + 2 * d * vocabularySize;
    }

    /**
     * Per layer: two LayerNorm inputs and outputs (4), qkv (3), q scaled, k and v transposed copies (3),
     * mixed and its reshape (2), projection and residual (2), MLP hidden and GELU (8); attention scores,
     * softmax and their gradient: B·heads·T² per layer, four times.
     */
    @Override
    public Activations activations(ModelSpec spec, int vocabularySize, int inputLength, int batchSize) {
        double b = batchSize;
        double t = inputLength;
        double d = spec.width();
        return new Activations(spec.layers() * 22 * b * t * d + 3 * b * t * d,
                spec.layers() * 4 * b * spec.heads() * t * t);
    }

    /** Also three heads × n attention weights per computed position and layer, and the key/value cache. */
    @Override
    public long decodingFloats(ModelSpec spec, int vocabularySize, long positions, int length, int batch,
                               boolean cached) {
        long layers = spec.layers();
        long floats = ModelProvider.super.decodingFloats(spec, vocabularySize, positions, length, batch, cached)
                + layers * 3L * spec.heads() * positions * length;
        return cached ? floats + layers * 2L * batch * length * spec.width() : floats;
    }

    @Override
    public String describe(ModelSpec m) {
        return NAME + " (" + plural(m.layers(), "layer") + ", width " + m.width() + ", " + m.heads() + " heads)";
    }

    static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
