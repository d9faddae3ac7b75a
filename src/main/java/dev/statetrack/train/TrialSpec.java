package dev.statetrack.train;

import dev.statetrack.model.ModelSpec;
import dev.statetrack.task.Format;
import dev.statetrack.task.LengthDistribution;

import java.io.Serializable;

/**
 * Everything that determines one training run (and so its stored identity). Thread counts and
 * other execution details are deliberately not part of it.
 *
 * @param group        group name as {@code GroupCatalog.parse} reads it, e.g. {@code Z5}, {@code S5}
 * @param maxLength    L: training lengths range over {2..L} (or are L for {@code FIXED})
 * @param trainSize    N, the number of training sequences
 * @param seed         fixes initialisation, data order and the validation draw
 * @param steps        optimisation step budget
 * @param evalEvery    validation cadence in steps
 * @param probeMaxLength 0 for a plain trial; otherwise, after training, accuracy is also measured on
 *                     fresh sequences of every length 2..probeMaxLength (length generalisation)
 * @param prune        null: the trial runs until it succeeds or spends its budget; otherwise the rule that
 *                     may stop it early (a pruned failure is a different result from a full-budget one)
 */
public record TrialSpec(String group, Format format, LengthDistribution distribution, int maxLength,
                        long trainSize, ModelSpec model, double learningRate, long seed, int steps,
                        int batchSize, double epsilon, int evalEvery, int probeMaxLength,
                        PruneRule prune) implements Serializable {

    /** A trial without pruning. */
    public TrialSpec(String group, Format format, LengthDistribution distribution, int maxLength, long trainSize,
                     ModelSpec model, double learningRate, long seed, int steps, int batchSize, double epsilon,
                     int evalEvery, int probeMaxLength) {
        this(group, format, distribution, maxLength, trainSize, model, learningRate, seed, steps, batchSize, epsilon,
                evalEvery, probeMaxLength, null);
    }

    /** The same cell, sample size and budget with another learning rate and seed. */
    public TrialSpec withConfiguration(double learningRate, long seed) {
        return new TrialSpec(group, format, distribution, maxLength, trainSize, model, learningRate, seed, steps,
                batchSize, epsilon, evalEvery, probeMaxLength, prune);
    }

    /** The same trial with another step budget. */
    public TrialSpec withSteps(int newSteps) {
        return new TrialSpec(group, format, distribution, maxLength, trainSize, model, learningRate, seed, newSteps,
                batchSize, epsilon, evalEvery, probeMaxLength, prune);
    }

    /** The same trial with another pruning rule (null: none). */
    public TrialSpec withPrune(PruneRule rule) {
        return new TrialSpec(group, format, distribution, maxLength, trainSize, model, learningRate, seed, steps,
                batchSize, epsilon, evalEvery, probeMaxLength, rule);
    }
}
