package dev.statetrack.model;

/** The {@link Lstm}: {@code layers} (default 1), {@code hidden}, {@code embedding} (default hidden). */
public final class LstmProvider implements ModelProvider {

    public static final String NAME = "lstm";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "LSTM (PyTorch's gates) on a token embedding, linear head (layers, hidden, embedding)";
    }

    @Override
    public ModelSpec fromStudy(ModelParameters p) {
        p.allowOnly("layers", "hidden", "embedding");
        int hidden = p.positive("hidden");
        return ModelSpec.lstm(p.positive("layers", 1), hidden, p.positive("embedding", hidden));
    }

    /** On the command line the hidden size is {@code --width}. */
    @Override
    public ModelSpec fromFlags(ModelParameters p) {
        p.allowOnly("layers", "width", "embedding");
        int hidden = p.positive("width", 128);
        return ModelSpec.lstm(p.positive("layers", 1), hidden, p.positive("embedding", hidden));
    }

    @Override
    public SequenceModel build(ModelSpec spec, int vocabularySize, int maxInputLength, ParameterFactory factory) {
        return new Lstm(spec, vocabularySize, factory);
    }

    /** Per layer four gates, each a product with the input and with h; then the head. */
    @Override
    public long forwardFlopsAt(ModelSpec spec, int vocabularySize, int position) {
        return gatedForwardFlops(spec, vocabularySize, 4);
    }

    /** A gated RNN's (LSTM, GRU) forward FLOPs per token: per layer and gate, the input and recurrent products. */
    static long gatedForwardFlops(ModelSpec spec, int vocabularySize, int gates) {
        long d = spec.width();
        long flops = 2 * d * vocabularySize;
        for (int layer = 0; layer < spec.layers(); layer++) {
            long input = layer == 0 ? spec.embedding() : d;
            flops += 2L * gates * d * (input + d);
        }
        return flops;
    }

    /** The embedded input, and per layer and step: four gates, cell, tanh(cell), hidden. */
    @Override
    public Activations activations(ModelSpec spec, int vocabularySize, int inputLength, int batchSize) {
        double bt = (double) batchSize * inputLength;
        return Activations.of(bt * spec.embedding() + spec.layers() * 7 * bt * spec.width());
    }

    @Override
    public String describe(ModelSpec m) {
        return gatedDescription(NAME, m);
    }

    /** "lstm (1 layer, hidden 48, embedding 48)": a gated RNN's sizes. */
    static String gatedDescription(String name, ModelSpec m) {
        return name + " (" + TransformerProvider.plural(m.layers(), "layer") + ", hidden " + m.width()
                + ", embedding " + m.embedding() + ")";
    }
}
