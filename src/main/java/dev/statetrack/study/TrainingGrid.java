package dev.statetrack.study;

import java.util.List;

/**
 * Training settings shared by every trial of a study; learning rates × seeds is the grid of
 * configurations tried at each sample size.
 */
public record TrainingGrid(int steps, int batchSize, double epsilon, int evalEvery, List<Double> learningRates,
                               List<Long> seeds) {

    public TrainingGrid {
        learningRates = List.copyOf(learningRates);
        seeds = List.copyOf(seeds);
    }

    /** The same grid with another step budget. */
    public TrainingGrid withSteps(int newSteps) {
        return new TrainingGrid(newSteps, batchSize, epsilon, evalEvery, learningRates, seeds);
    }

    public int configurationCount() {
        return learningRates.size() * seeds.size();
    }

    /** The most training sequences a run can see: larger training sets are never read in full. */
    public long sampleBudget() {
        return (long) steps * batchSize;
    }
}
