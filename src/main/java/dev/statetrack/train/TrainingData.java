package dev.statetrack.train;

import dev.statetrack.task.Format;
import dev.statetrack.task.Sample;
import dev.statetrack.task.Vocabulary;

import java.util.List;
import java.util.Map;

/**
 * The samples one run trains and is judged on.
 *
 * @param probes fresh sequences per length for the length-generalisation probe; empty for none
 */
public record TrainingData(Format format, Vocabulary vocabulary, List<Sample> train, List<Sample> validation,
                           Map<Integer, List<Sample>> probes) {
}
