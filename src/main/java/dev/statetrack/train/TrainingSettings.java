package dev.statetrack.train;

/**
 * Optimisation settings every member of an ensemble shares (learning rates are per member).
 *
 * @param steps     optimisation step budget
 * @param epsilon   success threshold: a member succeeds at the first evaluation with validation loss below it
 * @param evalEvery validation cadence in steps (the last step is always evaluated)
 * @param prune     null, or the rule that stops members early
 */
public record TrainingSettings(int steps, int batchSize, double epsilon, int evalEvery, PruneRule prune) {

    /** Settings without pruning. */
    public TrainingSettings(int steps, int batchSize, double epsilon, int evalEvery) {
        this(steps, batchSize, epsilon, evalEvery, null);
    }

    public TrainingSettings {
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
        return new TrainingSettings(spec.steps(), spec.batchSize(), spec.epsilon(), spec.evalEvery(), spec.prune());
    }
}
