package dev.statetrack.model;

/** The {@link Gru}: {@code layers} (default 1), {@code hidden}, {@code embedding} (default hidden). */
public final class GruProvider implements ModelProvider {

    public static final String NAME = "gru";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "GRU (Cho et al. 2014, PyTorch's gates) on a token embedding, linear head (layers, hidden, embedding)";
    }

    @Override
    public ModelSpec fromStudy(ModelParameters p) {
        p.allowOnly("layers", "hidden", "embedding");
        int hidden = p.positive("hidden");
        return spec(p.positive("layers", 1), hidden, p.positive("embedding", hidden));
    }

    /** On the command line the hidden size is {@code --width}. */
    @Override
    public ModelSpec fromFlags(ModelParameters p) {
        p.allowOnly("layers", "width", "embedding");
        int hidden = p.positive("width", 128);
        return spec(p.positive("layers", 1), hidden, p.positive("embedding", hidden));
    }

    public static ModelSpec spec(int layers, int hidden, int embedding) {
        return new ModelSpec(NAME, layers, hidden, 0, embedding, false);
    }

    @Override
    public SequenceModel build(ModelSpec spec, int vocabularySize, int maxInputLength, ParameterFactory factory) {
        return new Gru(spec, vocabularySize, factory);
    }

    /** Per layer three gates, each a product with the input and with h; then the head. */
    @Override
    public long forwardFlopsAt(ModelSpec spec, int vocabularySize, int position) {
        return LstmProvider.gatedForwardFlops(spec, vocabularySize, 3);
    }

    /**
     * The embedded input, and per layer and step: the input projection and the recurrent product (3h
     * each), r and z, r ⊙ (W_hn h), n, h − n, z ⊙ (h − n) and h' (h each): 13 per hidden unit.
     */
    @Override
    public Activations activations(ModelSpec spec, int vocabularySize, int inputLength, int batchSize) {
        double bt = (double) batchSize * inputLength;
        return Activations.of(bt * spec.embedding() + spec.layers() * 13 * bt * spec.width());
    }

    @Override
    public String describe(ModelSpec m) {
        return LstmProvider.gatedDescription(NAME, m);
    }
}
