package dev.statetrack.study;

import dev.statetrack.model.ModelSpec;

/** A model of the study under the name the report shows (e.g. two transformer sizes side by side). */
public record ModelEntry(String name, ModelSpec spec) {
}
