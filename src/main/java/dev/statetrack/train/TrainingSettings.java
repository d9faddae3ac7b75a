package dev.statetrack.train;

/**
 * Optimisation settings of one run.
 *
 * @param steps     optimisation step budget
 * @param epsilon   success threshold: the run stops at the first evaluation with validation loss below it
 * @param evalEvery validation cadence in steps (the last step is always evaluated)
 */
public record TrainingSettings(double learningRate, int steps, int batchSize, double epsilon, int evalEvery) {

    public TrainingSettings {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be > 0, got " + epsilon);
        }
        if (evalEvery < 1) {
            throw new IllegalArgumentException("eval-every must be >= 1, got " + evalEvery);
        }
    }

    public static TrainingSettings of(TrialSpec spec) {
        return new TrainingSettings(spec.learningRate(), spec.steps(), spec.batchSize(), spec.epsilon(),
                spec.evalEvery());
    }
}
