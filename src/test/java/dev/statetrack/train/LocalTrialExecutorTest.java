package dev.statetrack.train;

import dev.statetrack.model.ModelSpec;
import dev.statetrack.task.DatasetSampler;
import dev.statetrack.task.Format;
import dev.statetrack.task.LengthDistribution;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End to end through the task library's sampler. */
class LocalTrialExecutorTest {

    @Test
    void learnsParityAndProbesLongerSequences() {
        long available = DatasetSampler.availableForTraining(2, LengthDistribution.UNIFORM, 5);
        TrialSpec spec = new TrialSpec("Z2", Format.ACOT, LengthDistribution.UNIFORM, 5, available,
                ModelSpec.lstm(1, 32, 16), 3e-3, 10, 2000, 64, 1e-3, 50, 8);
        TrialResult result = new LocalTrialExecutor(1).execute(spec, () -> false);
        assertTrue(result.success(), result.toString());
        assertTrue(result.accuracyByLength().containsKey(8), result.toString());
        for (double accuracy : result.accuracyByLength().values()) {
            assertTrue(accuracy >= 0 && accuracy <= 1, result.toString());
        }
        TrialResult again = new LocalTrialExecutor(1).execute(spec, () -> false);
        assertEquals(result.bestValidationLoss(), again.bestValidationLoss());
        assertEquals(result.steps(), again.steps());
    }

    /**
     * What the run store relies on to reuse a success across step budgets: a run that succeeds at an
     * evaluation is, up to there, the same run whatever its budget.
     */
    @Test
    void aSuccessIsTheSameRunWithTwiceTheBudget() {
        long available = DatasetSampler.availableForTraining(2, LengthDistribution.UNIFORM, 5);
        TrialSpec spec = new TrialSpec("Z2", Format.ACOT, LengthDistribution.UNIFORM, 5, available,
                ModelSpec.denseSsm(8, false), 3e-3, 20, 1500, 64, 1e-2, 50, 0);
        TrialResult shorter = new LocalTrialExecutor(1).execute(spec, () -> false);
        TrialResult longer = new LocalTrialExecutor(1).execute(spec.withSteps(3000), () -> false);
        assertTrue(shorter.success(), shorter.toString());
        assertEquals(shorter.steps(), longer.steps());
        assertEquals(shorter.bestValidationLoss(), longer.bestValidationLoss(), 0.0);
        assertEquals(shorter.validationAccuracy(), longer.validationAccuracy(), 0.0);
    }

    /**
     * What the run store relies on to reuse a pruning across step budgets: the rule reads only the curve
     * so far, so a run pruned at a step is, up to there, the same run whatever its budget, and stops there.
     */
    @Test
    void aPrunedRunIsTheSameRunWithTwiceTheBudget() {
        long available = DatasetSampler.availableForTraining(5, LengthDistribution.UNIFORM, 4);
        TrialSpec spec = new TrialSpec("Z5", Format.COT, LengthDistribution.UNIFORM, 4, available,
                ModelSpec.denseSsm(4, false), 1e-3, 10, 600, 64, 1e-9, 20, 0)
                .withPrune(new PruneRule(60, 0.5, 0));
        TrialResult shorter = new LocalTrialExecutor(1).execute(spec, () -> false);
        TrialResult longer = new LocalTrialExecutor(1).execute(spec.withSteps(1200), () -> false);
        assertTrue(PruneRule.isPruned(shorter.failureReason()), shorter.toString());
        assertTrue(shorter.steps() < spec.steps(), shorter.toString());
        assertEquals(shorter.failureReason(), longer.failureReason());
        assertEquals(shorter.steps(), longer.steps());
        assertEquals(shorter.bestValidationLoss(), longer.bestValidationLoss(), 0.0);
        assertEquals(shorter.validationAccuracy(), longer.validationAccuracy(), 0.0);
    }

    /**
     * What a probe's reuse of its search's trial relies on: the probe lengthens the transformer's position
     * table, and the run is still the same run (the extra rows are never read, so never updated).
     */
    @Test
    void aTransformerTrainsTheSameWithAndWithoutAProbe() {
        long available = DatasetSampler.availableForTraining(3, LengthDistribution.UNIFORM, 3);
        TrialSpec plain = new TrialSpec("Z3", Format.OUTCOME, LengthDistribution.UNIFORM, 3, available,
                ModelSpec.transformer(1, 16, 2), 3e-3, 10, 120, 64, 1e-9, 40, 0);
        TrialSpec probed = new TrialSpec("Z3", Format.OUTCOME, LengthDistribution.UNIFORM, 3, available,
                ModelSpec.transformer(1, 16, 2), 3e-3, 10, 120, 64, 1e-9, 40, 6);
        TrialResult without = new LocalTrialExecutor(1).execute(plain, () -> false);
        TrialResult with = new LocalTrialExecutor(1).execute(probed, () -> false);
        assertEquals(without.bestValidationLoss(), with.bestValidationLoss(), 0.0);
        assertEquals(without.validationAccuracy(), with.validationAccuracy(), 0.0);
        assertEquals(without.steps(), with.steps());
        assertTrue(with.accuracyByLength().containsKey(6), with.toString());
    }
}
