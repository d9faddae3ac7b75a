package dev.statetrack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statetrack.study.LocatedYaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of {@code train --config FILE}: a YAML mapping whose keys are the option names
 * without dashes, e.g. {@code max-length: 10}. Absent keys are null (the flag or default applies).
 * A value of the wrong type is refused here, at its line and column; {@link #error} locates the
 * range checks the train command makes on values that came from the file.
 */
record TrainConfig(String group, String format, String distribution, Integer maxLength, Long trainSize,
                   String model, Integer layers, Integer width, Integer heads, Integer embedding,
                   Boolean normalizeState, Double lr, Long seed, Integer steps, Integer batchSize, Double epsilon,
                   Integer evalEvery, Integer threads, Integer probeMaxLength, Map<String, String> modelOptions,
                   LocatedYaml yaml) {

    static final TrainConfig EMPTY = new TrainConfig(null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null);

    private static final List<String> KEYS = List.of("group", "format", "distribution", "max-length", "train-size",
            "model", "layers", "width", "heads", "embedding", "normalize-state", "lr", "seed", "steps", "batch-size",
            "epsilon", "eval-every", "threads", "probe-max-length", "model-options");

    static TrainConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --config " + file + ": " + e.getMessage());
        }
        LocatedYaml yaml = LocatedYaml.parse(text, file.toString());
        JsonNode root = yaml.root();
        if (root == null) {
            return EMPTY;
        }
        if (!root.isObject()) {
            throw yaml.error("", "a config is a YAML mapping of train options without dashes, e.g. max-length: 10");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw yaml.error(key, "unknown key; allowed: the train options without dashes, e.g. max-length, "
                        + "train-size, lr");
            }
        }
        Values v = new Values(root, yaml);
        return new TrainConfig(v.text("group"), v.text("format"), v.text("distribution"), v.integer("max-length"),
                v.whole("train-size"), v.text("model"), v.integer("layers"), v.integer("width"), v.integer("heads"),
                v.integer("embedding"), v.bool("normalize-state"), v.number("lr"), v.whole("seed"),
                v.integer("steps"), v.integer("batch-size"), v.number("epsilon"), v.integer("eval-every"),
                v.integer("threads"), v.integer("probe-max-length"), v.options("model-options"), yaml);
    }

    /** Whether the file set this key (so a bad value there is reported at its line). */
    boolean has(String key) {
        return yaml != null && yaml.root() != null && yaml.root().has(key);
    }

    IllegalArgumentException error(String key, String problem) {
        return yaml.error(key, problem);
    }

    private record Values(JsonNode root, LocatedYaml yaml) {

        String text(String key) {
            JsonNode n = present(key);
            if (n == null) {
                return null;
            }
            if (!n.isValueNode() || n.asText().isBlank()) {
                throw yaml.error(key, "must be a name, got " + n);
            }
            return n.asText();
        }

        Integer integer(String key) {
            Long value = whole(key);
            if (value != null && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
                throw yaml.error(key, "must be an integer up to " + Integer.MAX_VALUE + ", got " + value);
            }
            return value == null ? null : value.intValue();
        }

        Long whole(String key) {
            JsonNode n = present(key);
            if (n == null) {
                return null;
            }
            if (!n.isIntegralNumber() || !n.canConvertToLong()) {
                throw yaml.error(key, "must be an integer, got " + n);
            }
            return n.longValue();
        }

        /** Accepts 1e-3 written without a decimal point, which YAML 1.1 reads as a string. */
        Double number(String key) {
            JsonNode n = present(key);
            if (n == null) {
                return null;
            }
            if (n.isNumber()) {
                return n.doubleValue();
            }
            try {
                if (n.isTextual()) {
                    return Double.parseDouble(n.asText().strip());
                }
            } catch (NumberFormatException e) {
                // reported below with the value
            }
            throw yaml.error(key, "must be a number, got " + n);
        }

        Boolean bool(String key) {
            JsonNode n = present(key);
            if (n == null) {
                return null;
            }
            if (!n.isBoolean()) {
                throw yaml.error(key, "must be true or false, got " + n);
            }
            return n.booleanValue();
        }

        /** A mapping of scalars, e.g. {@code model-options: {eigenvalues: signed}} (the --model-option pairs). */
        Map<String, String> options(String key) {
            JsonNode n = present(key);
            if (n == null) {
                return null;
            }
            if (!n.isObject()) {
                throw yaml.error(key, "must be a mapping of model options, e.g. {eigenvalues: signed}, got " + n);
            }
            Map<String, String> options = new LinkedHashMap<>();
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String option = it.next();
                if (!n.get(option).isValueNode()) {
                    throw yaml.error(key + "." + option, "must be a single value, got " + n.get(option));
                }
                options.put(option, n.get(option).asText());
            }
            return options;
        }

        private JsonNode present(String key) {
            JsonNode n = root.get(key);
            return n == null || n.isNull() ? null : n;
        }
    }
}
