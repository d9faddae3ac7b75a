package dev.statetrack.train;

import ai.djl.ndarray.NDArray;
import dev.statetrack.model.ModelSpec;
import dev.statetrack.model.SequenceModel;
import dev.statetrack.task.Format;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A member that succeeded keeps its weights and its curve while the rest of its ensemble trains on (as
 * an ensemble of their own): its slice of the model handed back holds the weights it succeeded with.
 */
class FrozenMemberTest {

    private static final TrainingData PARITY = CyclicTasks.sample(2, 2, 5, 40, 16, Format.ACOT, 1);
    /** Member 0 (lr 3e-3) learns parity; member 1 (lr 1e-7) never does and trains to its budget. */
    private static final List<TestTrials.Configuration> MEMBERS = List.of(
            new TestTrials.Configuration(PARITY, 3e-3, 1), new TestTrials.Configuration(PARITY, 1e-7, 2));

    @Test
    void aSucceededMembersParametersAndCurveStayPutWhileTheOtherTrains() {
        List<TrialResult> first = run(2000, new ArrayList<>());
        assertTrue(first.get(0).success(), first.get(0).toString());
        int success = first.get(0).steps();
        List<float[]> atSuccess = new ArrayList<>();
        List<float[]> later = new ArrayList<>();
        List<TrialResult> stopped = run(success, atSuccess);
        List<TrialResult> longer = run(success + 300, later);

        assertEquals(stopped.get(0), withoutWallTime(longer.get(0), stopped.get(0).wallMillis()),
                "the succeeded member's result, curve and accuracy are those it succeeded with");
        assertEquals(success, longer.get(0).curve().get(longer.get(0).curve().size() - 1).step());
        assertEquals(success + 300, longer.get(1).steps(), "the other member trained on");
        assertTrue(longer.get(1).curve().size() > stopped.get(1).curve().size());
        for (int i = 0; i < atSuccess.size(); i += 2) {
            assertTrue(Arrays.equals(atSuccess.get(i), later.get(i)), "member 0's parameter " + i / 2 + " moved");
        }
        boolean otherMoved = false;
        for (int i = 1; i < atSuccess.size(); i += 2) {
            otherMoved |= !Arrays.equals(atSuccess.get(i), later.get(i));
        }
        assertTrue(otherMoved, "member 1's parameters changed in the extra steps");
        assertFalse(longer.get(1).success());
    }

    /** @param parameters receives each parameter's slice of member 0, then of member 1, in parameter order */
    private static List<TrialResult> run(int steps, List<float[]> parameters) {
        return TestTrials.runEnsemble(ModelSpec.lstm(1, 32, 16), MEMBERS, false,
                new TrainingSettings(steps, 64, 1e-3, 50), () -> false, TrainingProgress.NONE,
                (SequenceModel model) -> {
                    for (NDArray p : model.parameters()) {
                        parameters.add(p.get(0).toFloatArray());
                        parameters.add(p.get(1).toFloatArray());
                    }
                });
    }

    private static TrialResult withoutWallTime(TrialResult r, long wallMillis) {
        return new TrialResult(r.success(), r.steps(), r.bestValidationLoss(), r.validationAccuracy(), wallMillis,
                r.parameterCount(), r.failureReason(), r.accuracyByLength(), r.curve());
    }
}
