package dev.statetrack.study;

import dev.statetrack.model.ModelSpec;

/** How long one optimisation step takes on the machine that will run a study. */
public interface StepTimes {

    /**
     * @param vocabularySize tokens the model embeds (group order + SEP + PAD)
     * @param sequenceLength tokens per input stream
     * @param ensembleSize   members trained together in one step (1: one configuration alone)
     */
    double secondsPerStep(ModelSpec model, int vocabularySize, int sequenceLength, int batch, int ensembleSize);
}
