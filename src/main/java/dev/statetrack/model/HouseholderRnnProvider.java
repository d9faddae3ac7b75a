package dev.statetrack.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link HouseholderRnn}: {@code state} (its size) and {@code beta-max}, 1 for β in (0, 1) (the
 * default, DeltaNet) or 2 for β in (0, 2) (reflections).
 */
public final class HouseholderRnnProvider implements ModelProvider {

    public static final String NAME = "householder-rnn";
    static final String BETA_MAX = "beta-max";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Householder (DeltaNet-style) linear RNN h_t = (I - b k k^T) h_{t-1} + b v, b in (0,1) or (0,2) "
                + "(state, beta-max: 1|2)";
    }

    @Override
    public ModelSpec fromStudy(ModelParameters p) {
        p.allowOnly("state", BETA_MAX);
        return spec(p.positive("state"), Integer.parseInt(p.choice(BETA_MAX, "1", "1", "2")));
    }

    /** On the command line the state size is {@code --width} (default 64). */
    @Override
    public ModelSpec fromFlags(ModelParameters p) {
        p.allowOnly("width", BETA_MAX);
        return spec(p.positive("width", 64), Integer.parseInt(p.choice(BETA_MAX, "1", "1", "2")));
    }

    /** @param betaMax 1 or 2; always written, so a trial's text names its range */
    public static ModelSpec spec(int state, int betaMax) {
        return new ModelSpec(NAME, 1, state, 0, 0, false, new TreeMap<>(Map.of(BETA_MAX, Integer.toString(betaMax))));
    }

    @Override
    public SequenceModel build(ModelSpec spec, int vocabularySize, int maxInputLength, ParameterFactory factory) {
        String betaMax = spec.option(BETA_MAX);
        if (!"1".equals(betaMax) && !"2".equals(betaMax)) {
            throw new IllegalArgumentException(NAME + " needs beta-max 1 or 2, got " + betaMax);
        }
        return new HouseholderRnn(spec, vocabularySize, factory);
    }

    /**
     * k(x) and v(x): two d×d products, β(x) a d-vector product; the transition k(kᵀh): two d-vector
     * products; the head.
     */
    @Override
    public long forwardFlopsAt(ModelSpec spec, int vocabularySize, int position) {
        long d = spec.width();
        return 2 * (2 * d * d + d) + 2 * 2 * d + 2 * d * vocabularySize;
    }

    /**
     * Per position: x, k's pre-activation and k, v and βv, βk, and per step k ⊙ h, (βk)(kᵀh), h minus it
     * and h: 10 per state unit, and β's pre-activation, β and kᵀh: 3.
     */
    @Override
    public Activations activations(ModelSpec spec, int vocabularySize, int inputLength, int batchSize) {
        return Activations.of((double) batchSize * inputLength * (10.0 * spec.width() + 3));
    }

    @Override
    public String describe(ModelSpec m) {
        return NAME + " (state " + m.width() + ", beta in (0, " + m.option(BETA_MAX) + "))";
    }
}
