package dev.statetrack.study;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statetrack.model.ModelParameters;
import dev.statetrack.model.ModelProvider;
import dev.statetrack.model.ModelProviders;
import dev.statetrack.model.ModelSpec;
import dev.statetrack.search.SearchSettings;
import dev.statetrack.task.DatasetSampler;
import dev.statetrack.task.Format;
import dev.statetrack.task.LengthDistribution;
import dev.statetrack.train.PruneRule;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a study from YAML (schema in the README and in {@code presets/quick.yaml}). Every mistake is
 * an {@link IllegalArgumentException} naming the file, the key path, the bad value and what is allowed.
 */
public final class StudyLoader {

    public static final List<String> PRESETS = List.of("paper", "quick", "standard");

    private final String source;
    private final LocatedYaml yaml;

    private StudyLoader(String source, LocatedYaml yaml) {
        this.source = source;
        this.yaml = yaml;
    }

    public static StudySpec load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read study file " + file + ": " + e.getMessage(), e);
        }
    }

    public static StudySpec preset(String name) {
        return parse(presetText(name), "preset " + name);
    }

    public static String presetText(String name) {
        if (!PRESETS.contains(name)) {
            throw new IllegalArgumentException("unknown preset '" + name + "'; available: " + String.join(", ", PRESETS));
        }
        try (InputStream in = StudyLoader.class.getResourceAsStream("/presets/" + name + ".yaml")) {
            if (in == null) {
                throw new IllegalStateException("preset " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read preset " + name, e);
        }
    }

    public static StudySpec parse(String text, String source) {
        LocatedYaml yaml = LocatedYaml.parse(text, source);
        JsonNode root = yaml.root();
        if (root == null || !root.isObject()) {
            throw yaml.error("", "a study is a YAML mapping with keys name, models, groups, ...");
        }
        return new StudyLoader(source, yaml).study(root);
    }

    private StudySpec study(JsonNode root) {
        allowOnly(root, "", "name", "description", "models", "groups", "formats", "distributions", "lengths",
                "training", "search", "analyses");
        String name = text(root, "", "name");
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw error("name", "'" + name + "' must use only letters, digits, '.', '_' and '-' (it names the output folder)");
        }
        String description = root.has("description") ? text(root, "", "description") : "";
        List<ModelEntry> models = list(root, "", "models", (node, path) -> model(node, path));
        Set<String> names = new HashSet<>();
        for (ModelEntry m : models) {
            if (!names.add(m.name())) {
                throw error("models", "two models are named '" + m.name() + "'; give each a distinct name");
            }
        }
        List<String> groups = distinct(list(root, "", "groups", this::scalarText), "groups");
        List<Format> formats = distinct(list(root, "", "formats", enumOf(Format::parse)), "formats");
        List<LengthDistribution> distributions =
                distinct(list(root, "", "distributions", enumOf(LengthDistribution::parse)), "distributions");
        List<Integer> lengths = distinct(list(root, "", "lengths", this::length), "lengths");
        TrainingGrid training = training(required(root, "", "training"));
        SearchSettings search = root.has("search") ? search(root.get("search"), training) : SearchSettings.PAPER;
        StudySpec.Analyses analyses = root.has("analyses")
                ? analyses(root.get("analyses"), groups, lengths)
                : new StudySpec.Analyses(true, null, null, false);
        if (search.adaptive() && analyses.budgetCheck()) {
            throw error("analyses.budget-check", "works with search method bracket only (it retries the bracket's "
                    + "largest failure); set it to false or use method: bracket");
        }
        return new StudySpec(name, description, models, groups, formats, distributions, lengths, training, search,
                analyses);
    }

    private ModelEntry model(JsonNode node, String path) {
        if (!node.isObject()) {
            throw error(path, "a model is a mapping with 'kind' and its sizes");
        }
        String kind = text(node, path, "kind");
        ModelProvider provider;
        try {
            provider = ModelProviders.of(kind);
        } catch (IllegalArgumentException e) {
            throw error(path + ".kind", e.getMessage());
        }
        ModelSpec spec = provider.fromStudy(new YamlModelParameters(node, path));
        String name = node.has("name") ? text(node, path, "name") : provider.name();
        return new ModelEntry(name, spec);
    }

    /** A study file's model mapping, every key but {@code name} and {@code kind}, for the model's provider. */
    private final class YamlModelParameters implements ModelParameters {

        private final JsonNode node;
        private final String path;
        private final Set<String> keys = new LinkedHashSet<>();

        YamlModelParameters(JsonNode node, String path) {
            this.node = node;
            this.path = path;
            node.fieldNames().forEachRemaining(keys::add);
            keys.remove("name");
            keys.remove("kind");
        }

        @Override
        public Set<String> keys() {
            return keys;
        }

        @Override
        public int positive(String key) {
            return StudyLoader.this.positive(node, path, key);
        }

        @Override
        public boolean flag(String key, boolean fallback) {
            if (!node.has(key)) {
                return fallback;
            }
            if (!node.get(key).isBoolean()) {
                throw error(key, "must be true or false, got " + node.get(key));
            }
            return node.get(key).booleanValue();
        }

        @Override
        public String choice(String key, String fallback, String... allowed) {
            if (!node.has(key)) {
                return fallback;
            }
            String value = text(node, path, key);
            if (!List.of(allowed).contains(value)) {
                throw error(key, "'" + value + "' is not allowed; allowed: " + String.join(", ", allowed));
            }
            return value;
        }

        @Override
        public IllegalArgumentException error(String key, String problem) {
            return StudyLoader.this.error(join(path, key), problem);
        }

        @Override
        public IllegalArgumentException unknown(String key, List<String> allowed) {
            List<String> all = new ArrayList<>(List.of("name", "kind"));
            all.addAll(allowed);
            return error(key, "unknown key; allowed here: " + String.join(", ", all));
        }
    }

    private TrainingGrid training(JsonNode node) {
        String path = "training";
        allowOnly(node, path, "steps", "batch-size", "epsilon", "eval-every", "learning-rates", "seeds", "prune");
        int steps = positive(node, path, "steps");
        int evalEvery = positive(node, path, "eval-every");
        if (evalEvery > steps) {
            throw error(path + ".eval-every", evalEvery + " exceeds steps " + steps + "; no validation would run");
        }
        double epsilon = positiveNumber(required(node, path, "epsilon"), path + ".epsilon");
        List<Double> rates = distinct(list(node, path, "learning-rates", this::positiveNumber), path + ".learning-rates");
        List<Long> seeds = distinct(list(node, path, "seeds", (n, p) -> {
            if (!n.canConvertToLong() || !n.isIntegralNumber()) {
                throw error(p, "a seed is an integer, got " + n);
            }
            return n.longValue();
        }), path + ".seeds");
        return new TrainingGrid(steps, positive(node, path, "batch-size"), epsilon, evalEvery, rates, seeds,
                node.has("prune") ? prune(node.get("prune"), path + ".prune") : null);
    }

    /** {@code prune: {patience: STEPS, min-delta: FRACTION, min-steps: STEPS}}; absent: no pruning. */
    private PruneRule prune(JsonNode node, String path) {
        if (!node.isObject()) {
            throw error(path, "expected a map {patience: STEPS, min-delta: FRACTION, min-steps: STEPS}, got " + node);
        }
        allowOnly(node, path, "patience", "min-delta", "min-steps");
        int patience = positive(node, path, "patience");
        double minDelta = 0;
        if (node.has("min-delta")) {
            JsonNode d = node.get("min-delta");
            if (!d.isNumber() || !(d.doubleValue() >= 0 && d.doubleValue() < 1)) {
                throw error(path + ".min-delta", "must be a number in [0, 1), got " + d);
            }
            minDelta = d.doubleValue();
        }
        int minSteps = 0;
        if (node.has("min-steps")) {
            JsonNode m = node.get("min-steps");
            if (!m.canConvertToInt() || !m.isIntegralNumber() || m.intValue() < 0) {
                throw error(path + ".min-steps", "must be a whole number of steps >= 0, got " + m);
            }
            minSteps = m.intValue();
        }
        return new PruneRule(patience, minDelta, minSteps);
    }

    private SearchSettings search(JsonNode node, TrainingGrid training) {
        String path = "search";
        allowOnly(node, path, "method", "divisor", "max-sample-sizes", "tolerance", "success-rate", "max-trials");
        boolean successRate = false;
        if (node.has("success-rate")) {
            if (!node.get("success-rate").isBoolean()) {
                throw error(path + ".success-rate", "must be true or false, got " + node.get("success-rate"));
            }
            successRate = node.get("success-rate").booleanValue();
        }
        SearchSettings.Method method = SearchSettings.Method.BRACKET;
        if (node.has("method")) {
            String text = node.get("method").asText();
            method = java.util.Arrays.stream(SearchSettings.Method.values()).filter(m -> m.id().equals(text))
                    .findFirst().orElseThrow(() -> error(path + ".method", "must be bracket or adaptive, got "
                            + node.get("method")));
        }
        if (method == SearchSettings.Method.ADAPTIVE && successRate) {
            throw error(path + ".success-rate", "applies to method bracket only; the adaptive search runs every "
                    + "configuration it chooses to its end anyway");
        }
        if (method == SearchSettings.Method.BRACKET && node.has("max-trials")) {
            throw error(path + ".max-trials", "applies to method adaptive only; the bracket search is limited by "
                    + "max-sample-sizes");
        }
        try {
            int maxSampleSizes = node.has("max-sample-sizes") ? positive(node, path, "max-sample-sizes")
                    : SearchSettings.PAPER.maxSampleSizes();
            // by default the adaptive search may train as many configurations as the bracket search at worst
            int maxTrials = method == SearchSettings.Method.BRACKET ? 0 : node.has("max-trials")
                    ? positive(node, path, "max-trials")
                    : (int) Math.min(Integer.MAX_VALUE, (long) maxSampleSizes * training.configurationCount());
            return new SearchSettings(
                    node.has("divisor") ? positive(node, path, "divisor") : SearchSettings.PAPER.divisor(),
                    maxSampleSizes,
                    node.has("tolerance") ? positiveNumber(node.get("tolerance"), path + ".tolerance")
                            : SearchSettings.PAPER.tolerance(),
                    successRate, method, maxTrials);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(source) ? e : error(path, e.getMessage());
        }
    }

    private StudySpec.Analyses analyses(JsonNode node, List<String> groups, List<Integer> lengths) {
        String path = "analyses";
        allowOnly(node, path, "nstar", "kappa", "length-generalisation", "budget-check");
        return new StudySpec.Analyses(flag(node, path, "nstar", true), scope(node, path, "kappa", groups, lengths),
                scope(node, path, "length-generalisation", groups, lengths), flag(node, path, "budget-check", false));
    }

    private boolean flag(JsonNode parent, String parentPath, String key, boolean absent) {
        JsonNode node = parent.get(key);
        if (node == null) {
            return absent;
        }
        if (!node.isBoolean()) {
            throw error(join(parentPath, key), "must be true or false, got " + node);
        }
        return node.booleanValue();
    }

    /** false/absent: skip; true: the grid's groups × lengths; a mapping: its own groups × lengths. */
    private StudySpec.Scope scope(JsonNode parent, String parentPath, String key, List<String> groups,
                                  List<Integer> lengths) {
        JsonNode node = parent.get(key);
        String path = parentPath + "." + key;
        if (node == null || node.isBoolean() && !node.booleanValue()) {
            return null;
        }
        if (node.isBoolean()) {
            return new StudySpec.Scope(groups, lengths);
        }
        if (!node.isObject()) {
            throw error(path, "must be true, false, or a mapping with groups and lengths, got " + node);
        }
        allowOnly(node, path, "groups", "lengths");
        return new StudySpec.Scope(
                node.has("groups") ? distinct(list(node, path, "groups", this::scalarText), path + ".groups") : groups,
                node.has("lengths") ? distinct(list(node, path, "lengths", this::length), path + ".lengths") : lengths);
    }

    // ---- field readers ----

    @FunctionalInterface
    private interface Reader<T> {
        T read(JsonNode node, String path);
    }

    private <T> List<T> list(JsonNode parent, String parentPath, String key, Reader<T> reader) {
        String path = join(parentPath, key);
        JsonNode node = required(parent, parentPath, key);
        if (!node.isArray() || node.isEmpty()) {
            throw error(path, "must be a non-empty list, got " + node);
        }
        List<T> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            values.add(reader.read(node.get(i), path + "[" + i + "]"));
        }
        return values;
    }

    private <T> List<T> distinct(List<T> values, String path) {
        Set<T> seen = new HashSet<>();
        for (T v : values) {
            if (!seen.add(v)) {
                throw error(path, "lists " + v + " twice");
            }
        }
        return values;
    }

    private <T> Reader<T> enumOf(Function<String, T> parse) {
        return (node, path) -> {
            try {
                return parse.apply(scalarText(node, path));
            } catch (IllegalArgumentException e) {
                throw error(path, e.getMessage());
            }
        };
    }

    private String scalarText(JsonNode node, String path) {
        if (!node.isValueNode() || node.asText().isBlank()) {
            throw error(path, "must be a non-empty name, got " + node);
        }
        return node.asText().trim();
    }

    private int length(JsonNode node, String path) {
        if (!node.isIntegralNumber() || node.asLong() < 2 || node.asLong() > DatasetSampler.MAX_LENGTH) {
            throw error(path, "a maximum length L is an integer from 2 to " + DatasetSampler.MAX_LENGTH + ", got " + node);
        }
        return node.intValue();
    }

    private JsonNode required(JsonNode parent, String parentPath, String key) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            throw error(join(parentPath, key), "is required");
        }
        return node;
    }

    private String text(JsonNode parent, String parentPath, String key) {
        return scalarText(required(parent, parentPath, key), join(parentPath, key));
    }

    private int positive(JsonNode parent, String parentPath, String key) {
        JsonNode node = required(parent, parentPath, key);
        if (!node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > Integer.MAX_VALUE) {
            throw error(join(parentPath, key), "must be a positive integer, got " + node);
        }
        return node.intValue();
    }

    /** Accepts 1e-4 written without a decimal point, which YAML 1.1 reads as a string. */
    private double positiveNumber(JsonNode node, String path) {
        double value;
        if (node.isNumber()) {
            value = node.doubleValue();
        } else if (node.isTextual()) {
            try {
                value = Double.parseDouble(node.asText().trim());
            } catch (NumberFormatException e) {
                throw error(path, "must be a positive number, got '" + node.asText() + "'");
            }
        } else {
            throw error(path, "must be a positive number, got " + node);
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw error(path, "must be a positive number, got " + node.asText());
        }
        return value;
    }

    private void allowOnly(JsonNode node, String path, String... keys) {
        if (!node.isObject()) {
            throw error(path.isEmpty() ? "(top level)" : path, "must be a mapping, got " + node);
        }
        List<String> allowed = List.of(keys);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw error(join(path, key), "unknown key; allowed here: " + String.join(", ", allowed));
            }
        }
    }

    private static String join(String parentPath, String key) {
        return parentPath.isEmpty() ? key : parentPath + "." + key;
    }

    private IllegalArgumentException error(String path, String problem) {
        return yaml.error(path, problem);
    }
}
