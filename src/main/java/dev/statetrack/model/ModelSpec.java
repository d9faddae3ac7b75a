package dev.statetrack.model;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Architecture and size of one model: the name of its {@link ModelProvider} and its hyper-parameters.
 * The five sizes most models share have fields of their own (0 / false where a model does not use
 * them; they are the run store's and the canonical text's columns since before models were plug-ins);
 * every other hyper-parameter is an entry of {@code options}, a sorted text map whose entries follow the
 * five in a trial's canonical text, so that a new model needs no new field, column or hash rule.
 *
 * <ul>
 *   <li>transformer: {@code layers}, {@code width} (model dimension), {@code heads}; MLP is 4×width.</li>
 *   <li>lstm: {@code layers}, {@code width} (hidden size), {@code embedding} (input size).</li>
 *   <li>dense-ssm: {@code width} (state size), {@code normalizeState} (unit-norm h_t after each step).</li>
 *   <li>gru: as lstm.</li>
 *   <li>diagonal-rnn: {@code width} (state size), option {@code eigenvalues} (positive or signed).</li>
 *   <li>householder-rnn: {@code width} (state size), option {@code beta-max} (1 or 2).</li>
 * </ul>
 *
 * @param kind    the provider's name: lowercase letters, digits and '-'
 * @param options further hyper-parameters, key → value: keys as {@code kind}, not one of the five
 *                fields' names; values without '=' or line breaks
 */
public record ModelSpec(String kind, int layers, int width, int heads, int embedding, boolean normalizeState,
                        SortedMap<String, String> options) implements Serializable {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    /** What the canonical text already calls model.*: an option of the same name would be ambiguous. */
    private static final Set<String> RESERVED =
            Set.of("kind", "layers", "width", "heads", "embedding", "normalize-state", "normalize_state");

    public ModelSpec {
        if (kind == null || !NAME.matcher(kind).matches()) {
            throw new IllegalArgumentException("a model's name is lowercase letters, digits and '-', got '" + kind + "'");
        }
        TreeMap<String, String> copy = new TreeMap<>(options == null ? Map.of() : options);
        copy.forEach((key, value) -> {
            if (!NAME.matcher(key).matches() || RESERVED.contains(key)) {
                throw new IllegalArgumentException("model option '" + key + "' is not allowed; an option is named by"
                        + " lowercase letters, digits and '-', other than " + String.join(", ", new TreeSet<>(RESERVED)));
            }
            if (value == null || value.isEmpty() || value.indexOf('=') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("model option " + key + " needs a value without '=' or line breaks,"
                        + " got '" + value + "'");
            }
        });
        options = Collections.unmodifiableSortedMap(copy);
    }

    /** A model with the five shared sizes only. */
    public ModelSpec(String kind, int layers, int width, int heads, int embedding, boolean normalizeState) {
        this(kind, layers, width, heads, embedding, normalizeState, null);
    }

    /** {@code options[key]}, or null when absent. */
    public String option(String key) {
        return options.get(key);
    }

    // The paper's three models, by their sizes (presets, tests and the run store's old rows use them).

    public static ModelSpec transformer(int layers, int width, int heads) {
        return new ModelSpec(TransformerProvider.NAME, layers, width, heads, 0, false);
    }

    public static ModelSpec lstm(int layers, int hidden, int embedding) {
        return new ModelSpec(LstmProvider.NAME, layers, hidden, 0, embedding, false);
    }

    public static ModelSpec denseSsm(int state, boolean normalizeState) {
        return new ModelSpec(DenseSsmProvider.NAME, 1, state, 0, 0, normalizeState);
    }
}
