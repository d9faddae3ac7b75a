package dev.statetrack.task;

import java.util.List;

/** A training set and its validation set; the two never share a sequence. */
public record Dataset(List<Sample> train, List<Sample> validation) {
}
