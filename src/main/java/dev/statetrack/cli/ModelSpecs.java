package dev.statetrack.cli;

import dev.statetrack.model.ModelParameters;
import dev.statetrack.model.ModelProviders;
import dev.statetrack.model.ModelSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link ModelSpec} from command-line flags through the model's provider, which fills what was
 * not given with small sizes that train in seconds to minutes on a laptop (the paper sizes must be asked
 * for explicitly). The shared sizes have flags of their own; any other hyper-parameter of a model is
 * {@code --model-option KEY=VALUE}.
 */
final class ModelSpecs {

    static final String DEFAULTS_HELP = "Defaults: transformer 2 layers, width 64, 4 heads; "
            + "lstm 1 layer, width (hidden) 128, embedding = width; dense-ssm width (state) 64, not normalised; "
            + "gru as lstm; diagonal-rnn width (state) 64, eigenvalues positive; householder-rnn width (state) 64, "
            + "beta-max 1.";

    static final String OPTION_HELP = "Another hyper-parameter of the model, KEY=VALUE (repeatable), "
            + "e.g. eigenvalues=signed for diagonal-rnn; see 'statetrack models'.";

    private ModelSpecs() {
    }

    static ModelSpec build(String model, Integer layers, Integer width, Integer heads, Integer embedding,
                           Boolean normalizeState, Map<String, String> options) {
        Map<String, Object> given = new LinkedHashMap<>();
        put(given, "layers", layers);
        put(given, "width", width);
        put(given, "heads", heads);
        put(given, "embedding", embedding);
        put(given, "normalize-state", normalizeState);
        String name = model.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        if (options != null) {
            options.forEach((key, value) -> {
                if (Flags.OWN_FLAGS.contains(key)) {
                    throw new IllegalArgumentException("--model-option " + key + " has a flag of its own: --" + key);
                }
                given.put(key, value);
            });
        }
        return ModelProviders.of(name).fromFlags(new Flags(name, given));
    }

    private static void put(Map<String, Object> given, String key, Object value) {
        if (value != null) {
            given.put(key, value);
        }
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

    /**
     * A mistake in one model flag: {@code key} and {@code problem} let train relocate it to its --config
     * file's line; {@code unknown} says the model does not take the flag at all.
     */
    static final class FlagError extends IllegalArgumentException {

        final String key;
        final String problem;
        final boolean unknown;

        FlagError(String key, String problem, boolean unknown) {
            super(Flags.flag(key) + " " + problem);
            this.key = key;
            this.problem = problem;
            this.unknown = unknown;
        }
    }

    /** The flags given, read as a provider asks for them. */
    private record Flags(String model, Map<String, Object> given) implements ModelParameters {

        private static final Set<String> OWN_FLAGS = Set.of("layers", "width", "heads", "embedding", "normalize-state");

        @Override
        public Set<String> keys() {
            return given.keySet();
        }

        @Override
        public int positive(String key) {
            Object value = given.get(key);
            if (value == null) {
                throw error(key, "is required for model " + model);
            }
            long parsed;
            try {
                parsed = value instanceof Integer i ? i : Long.parseLong(value.toString().trim());
            } catch (NumberFormatException e) {
                throw error(key, "must be an integer, got '" + value + "'");
            }
            if (parsed < 1 || parsed > Integer.MAX_VALUE) {
                throw error(key, "must be >= 1, got " + value);
            }
            return (int) parsed;
        }

        @Override
        public boolean flag(String key, boolean fallback) {
            Object value = given.get(key);
            if (value == null) {
                return fallback;
            }
            if (value instanceof Boolean b) {
                return b;
            }
            String text = value.toString().trim();
            if (!text.equals("true") && !text.equals("false")) {
                throw error(key, "must be true or false, got '" + value + "'");
            }
            return Boolean.parseBoolean(text);
        }

        @Override
        public String choice(String key, String fallback, String... allowed) {
            Object value = given.get(key);
            if (value == null) {
                return fallback;
            }
            if (!List.of(allowed).contains(value.toString())) {
                throw error(key, "'" + value + "' is not allowed; allowed: " + String.join(", ", allowed));
            }
            return value.toString();
        }

        @Override
        public IllegalArgumentException error(String key, String problem) {
            return new FlagError(key, problem, false);
        }

        @Override
        public IllegalArgumentException unknown(String key, List<String> allowed) {
            return new FlagError(key, "does not apply to model " + model + "; it takes "
                    + String.join(", ", allowed.stream().map(Flags::flag).toList()), true);
        }

        static String flag(String key) {
            return OWN_FLAGS.contains(key) ? "--" + key : "--model-option " + key;
        }
    }
}
