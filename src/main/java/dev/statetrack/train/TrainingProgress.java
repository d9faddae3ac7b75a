package dev.statetrack.train;

/** Told about each validation, for progress displays. */
@FunctionalInterface
public interface TrainingProgress {

    TrainingProgress NONE = (step, totalSteps, trainingLoss, validationLoss) -> { };

    /** @param trainingLoss the loss of the batch of this step */
    void evaluated(int step, int totalSteps, double trainingLoss, double validationLoss);
}
