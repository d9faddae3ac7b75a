package dev.statetrack.model;

import java.util.List;
import java.util.Set;

/**
 * A model's hyper-parameters as the user wrote them, for a {@link ModelProvider} to read and check: the
 * entries of a study file's model mapping (errors at {@code FILE:LINE:COLUMN: models[i].key}), or the
 * command line's model flags (errors naming {@code --key}). Keys are the provider's own names; the
 * source renders them. Every read checks its value and throws {@link #error} for a bad one.
 */
public interface ModelParameters {

    /** Keys given (besides the model's name). */
    Set<String> keys();

    default boolean has(String key) {
        return keys().contains(key);
    }

    /** Refuses any key not in {@code allowed}: a size meant for another model is a mistake, not a default. */
    default void allowOnly(String... allowed) {
        List<String> names = List.of(allowed);
        for (String key : keys()) {
            if (!names.contains(key)) {
                throw unknown(key, names);
            }
        }
    }

    /** The value of {@code key}, a positive integer; an error if absent. */
    int positive(String key);

    /** The value of {@code key}, a positive integer, or {@code fallback} when absent. */
    default int positive(String key, int fallback) {
        return has(key) ? positive(key) : fallback;
    }

    /** true or false, or {@code fallback} when absent. */
    boolean flag(String key, boolean fallback);

    /** One of {@code allowed} (its text), or {@code fallback} when absent. */
    String choice(String key, String fallback, String... allowed);

    /** A mistake in {@code key}'s value, located where the user wrote it; {@code problem} follows the key. */
    IllegalArgumentException error(String key, String problem);

    /** A key this model does not take. */
    IllegalArgumentException unknown(String key, List<String> allowed);
}
