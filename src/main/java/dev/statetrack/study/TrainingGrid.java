package dev.statetrack.study;

import dev.statetrack.train.PruneRule;

import java.util.List;

/**
 * Training settings shared by every trial of a study; learning rates × seeds is the grid of
 * configurations tried at each sample size.
 *
 * @param prune null (the study file has no {@code training.prune}), or the rule that stops trials early
 */
public record TrainingGrid(int steps, int batchSize, double epsilon, int evalEvery, List<Double> learningRates,
                               List<Long> seeds, PruneRule prune) {

    public TrainingGrid {
        learningRates = List.copyOf(learningRates);
        seeds = List.copyOf(seeds);
    }

    /** A grid without pruning. */
    public TrainingGrid(int steps, int batchSize, double epsilon, int evalEvery, List<Double> learningRates,
                        List<Long> seeds) {
        this(steps, batchSize, epsilon, evalEvery, learningRates, seeds, null);
    }

    /** The same grid with another step budget. */
    public TrainingGrid withSteps(int newSteps) {
        return new TrainingGrid(newSteps, batchSize, epsilon, evalEvery, learningRates, seeds, prune);
    }

    public int configurationCount() {
        return learningRates.size() * seeds.size();
    }

    /** The most training sequences a run can see: larger training sets are never read in full. */
    public long sampleBudget() {
        return (long) steps * batchSize;
    }
}
