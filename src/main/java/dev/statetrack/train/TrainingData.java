package dev.statetrack.train;

import dev.statetrack.task.Format;
import dev.statetrack.task.PackedSequences;
import dev.statetrack.task.Vocabulary;

import java.util.Map;

/**
 * The sequences one run trains and is judged on, packed (no object per sample). Members that share a
 * seed share one instance.
 *
 * @param probes fresh sequences per length for the length-generalisation probe; empty for none
 */
public record TrainingData(Format format, Vocabulary vocabulary, PackedSequences train, PackedSequences validation,
                           Map<Integer, PackedSequences> probes) {
}
