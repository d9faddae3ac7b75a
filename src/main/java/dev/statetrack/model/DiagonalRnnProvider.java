package dev.statetrack.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link DiagonalRnn}: {@code state} (its size) and {@code eigenvalues}, {@code positive} for a
 * transition in (0, 1) (the default) or {@code signed} for (−1, 1): one class, two ranges.
 */
public final class DiagonalRnnProvider implements ModelProvider {

    public static final String NAME = "diagonal-rnn";
    static final String EIGENVALUES = "eigenvalues";
    static final String POSITIVE = "positive";
    static final String SIGNED = "signed";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "diagonal selective linear RNN h_t = a(x_t) ⊙ h_{t-1} + b(x_t), a in (0,1) or (-1,1) "
                + "(state, eigenvalues: positive|signed)";
    }

    @Override
    public ModelSpec fromStudy(ModelParameters p) {
        p.allowOnly("state", EIGENVALUES);
        return spec(p.positive("state"), p.choice(EIGENVALUES, POSITIVE, POSITIVE, SIGNED));
    }

    /** On the command line the state size is {@code --width} (default 64). */
    @Override
    public ModelSpec fromFlags(ModelParameters p) {
        p.allowOnly("width", EIGENVALUES);
        return spec(p.positive("width", 64), p.choice(EIGENVALUES, POSITIVE, POSITIVE, SIGNED));
    }

    /** @param eigenvalues positive or signed; always written, so a trial's text names its range */
    public static ModelSpec spec(int state, String eigenvalues) {
        return new ModelSpec(NAME, 1, state, 0, 0, false, new TreeMap<>(Map.of(EIGENVALUES, eigenvalues)));
    }

    @Override
    public SequenceModel build(ModelSpec spec, int vocabularySize, int maxInputLength, ParameterFactory factory) {
        String range = spec.option(EIGENVALUES);
        if (!POSITIVE.equals(range) && !SIGNED.equals(range)) {
            throw new IllegalArgumentException(NAME + " needs eigenvalues positive or signed, got " + range);
        }
        return new DiagonalRnn(spec, vocabularySize, factory);
    }

    /** a(x) and b(x): two d×d products; the diagonal step is element-wise (not counted); the head. */
    @Override
    public long forwardFlopsAt(ModelSpec spec, int vocabularySize, int position) {
        long d = spec.width();
        return 2 * 2 * d * d + 2 * d * vocabularySize;
    }

    /**
     * Per position: x, a's pre-activation and a (signed: also 2σ and 2σ − 1), b, a ⊙ h and h: 6 per
     * state unit, 8 when signed.
     */
    @Override
    public Activations activations(ModelSpec spec, int vocabularySize, int inputLength, int batchSize) {
        double perUnit = SIGNED.equals(spec.option(EIGENVALUES)) ? 8 : 6;
        return Activations.of((double) batchSize * inputLength * perUnit * spec.width());
    }

    @Override
    public String describe(ModelSpec m) {
        return NAME + " (state " + m.width() + ", eigenvalues " + m.option(EIGENVALUES) + ")";
    }
}
