package dev.statetrack.model;

/** The bilinear {@link DenseSsm}: {@code state}, {@code normalize-state} (default false); one layer. */
public final class DenseSsmProvider implements ModelProvider {

    public static final String NAME = "dense-ssm";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "bilinear RNN h_t = A[x_t] h_{t-1}, one dense matrix per token (state, normalize-state)";
    }

    @Override
    public ModelSpec fromStudy(ModelParameters p) {
        p.allowOnly("state", "normalize-state");
        return ModelSpec.denseSsm(p.positive("state"), p.flag("normalize-state", false));
    }

    /** On the command line the state size is {@code --width}; {@code --layers} may only say 1. */
    @Override
    public ModelSpec fromFlags(ModelParameters p) {
        p.allowOnly("width", "normalize-state", "layers");
        int layers = p.positive("layers", 1);
        if (layers != 1) {
            throw p.error("layers", layers + " not supported for " + NAME + "; allowed: 1");
        }
        return ModelSpec.denseSsm(p.positive("width", 64), p.flag("normalize-state", false));
    }

    @Override
    public SequenceModel build(ModelSpec spec, int vocabularySize, int maxInputLength, ParameterFactory factory) {
        return new DenseSsm(spec, vocabularySize, factory);
    }

    /**
     * One d×d product per step and the head, although the forward for small V·d multiplies by every
     * token's matrix: the architecture's arithmetic, not the implementation's.
     */
    @Override
    public long forwardFlopsAt(ModelSpec spec, int vocabularySize, int position) {
        long d = spec.width();
        return 2 * d * d + 2 * d * vocabularySize;
    }

    /** Per step: h_t, its product with every token's matrix (the all-tokens path, V·d), the chosen rows. */
    @Override
    public Activations activations(ModelSpec spec, int vocabularySize, int inputLength, int batchSize) {
        double bt = (double) batchSize * inputLength;
        double d = spec.width();
        return Activations.of(bt * (vocabularySize * d + 2 * d) + bt * d);
    }

    /** Also the all-tokens path's product with every token's matrix. */
    @Override
    public long decodingFloats(ModelSpec spec, int vocabularySize, long positions, int length, int batch,
                               boolean cached) {
        return ModelProvider.super.decodingFloats(spec, vocabularySize, positions, length, batch, cached)
                + positions * vocabularySize * spec.width();
    }

    @Override
    public String describe(ModelSpec m) {
        return NAME + " (state " + m.width() + (m.normalizeState() ? ", normalised" : "") + ")";
    }
}
