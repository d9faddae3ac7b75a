package dev.statetrack.train;

import dev.statetrack.model.ModelSpec;
import dev.statetrack.task.Format;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Length generalisation selects a member by its best validation loss, so the probe must measure the
 * weights of that best evaluation, not the final ones.
 */
class ProbeWeightsTest {

    private static final ModelSpec LSTM = ModelSpec.lstm(1, 16, 8);

    /** Z3 acot on 6 training sequences: the validation loss is lowest early and rises as the model memorises. */
    private static TrainingData overfitting() {
        TrainingData data = CyclicTasks.sample(3, 2, 4, 6, 60, Format.ACOT, 4);
        TrainingData longer = CyclicTasks.sample(3, 8, 8, 2000, 0, Format.ACOT, 5);
        return new TrainingData(data.format(), data.vocabulary(), data.train(), data.validation(),
                Map.of(8, longer.train()));
    }

    private static TrialResult train(int steps, int evalEvery) {
        return TestTrials.run(LSTM, overfitting(), 3e-2, new TrainingSettings(steps, 64, 1e-9, evalEvery), 7,
                () -> false, TrainingProgress.NONE);
    }

    @Test
    void theProbeMeasuresTheWeightsOfTheBestEvaluation() {
        IntraOpThreads.use(1);
        TrialResult probed = train(400, 200);      // evaluated at 200 and 400
        TrialResult stoppedAtBest = train(200, 200);  // the same trajectory, ending at step 200
        TrialResult finalOnly = train(400, 400);   // the same trajectory, evaluated only at the end
        // the precondition: the best of the two evaluations is the one at step 200
        assertEquals(stoppedAtBest.bestValidationLoss(), probed.bestValidationLoss());
        assertEquals(stoppedAtBest.accuracyByLength(), probed.accuracyByLength(), "measured on step 200's weights");
        assertNotEquals(finalOnly.accuracyByLength(), probed.accuracyByLength(), "the final weights measure otherwise");
        assertEquals(finalOnly.validationAccuracy(), probed.validationAccuracy(),
                "validation accuracy stays that of the final weights");
    }
}
