package dev.statetrack.cli;

import dev.statetrack.model.ModelKind;
import dev.statetrack.model.ModelSpec;

/**
 * Builds a {@link ModelSpec} from command-line sizes, filling what was not given with small sizes
 * that train in seconds to minutes on a laptop (the paper sizes must be asked for explicitly).
 */
final class ModelSpecs {

    static final String DEFAULTS_HELP = "Defaults: transformer 2 layers, width 64, 4 heads; "
            + "lstm 1 layer, width (hidden) 128, embedding = width; dense-ssm width (state) 64, not normalised.";

    private ModelSpecs() {
    }

    static ModelSpec build(ModelKind kind, Integer layers, Integer width, Integer heads, Integer embedding,
                           Boolean normalizeState) {
        return switch (kind) {
            case TRANSFORMER -> {
                rejectUnused(kind, "--embedding", embedding);
                rejectUnused(kind, "--normalize-state", normalizeState);
                int w = positive("--width", width, 64);
                int h = positive("--heads", heads, 4);
                if (w % h != 0) {
                    throw new IllegalArgumentException("--width " + w + " must be divisible by --heads " + h);
                }
                yield ModelSpec.transformer(positive("--layers", layers, 2), w, h);
            }
            case LSTM -> {
                rejectUnused(kind, "--heads", heads);
                rejectUnused(kind, "--normalize-state", normalizeState);
                int w = positive("--width", width, 128);
                yield ModelSpec.lstm(positive("--layers", layers, 1), w, positive("--embedding", embedding, w));
            }
            case DENSE_SSM -> {
                rejectUnused(kind, "--heads", heads);
                rejectUnused(kind, "--embedding", embedding);
                if (layers != null && layers != 1) {
                    throw new IllegalArgumentException("--layers " + layers + " not supported for dense-ssm; allowed: 1");
                }
                yield ModelSpec.denseSsm(positive("--width", width, 64), normalizeState != null && normalizeState);
            }
        };
    }

    static int positive(String option, Integer value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be >= 1, got " + value);
        }
        return value;
    }

    private static void rejectUnused(ModelKind kind, String option, Object value) {
        if (value != null) {
            throw new IllegalArgumentException(option + " does not apply to model " + kind.id());
        }
    }
}
