package dev.statetrack.train;

import dev.statetrack.model.ModelSpec;
import dev.statetrack.task.Format;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Members that finish at different steps (successes, pruned members, one that spends its budget)
 * each end exactly as their own curve in a run where nobody finishes says: the members still training
 * after others have left (a smaller ensemble) keep their weights, and so their validation losses, bit
 * for bit; only the training loss they report may move in its last bits ({@link #assertSameCurve}).
 */
class FinishedMembersTest {

    private static final TrainingData DATA = CyclicTasks.sample(3, 2, 6, 100, 20, Format.ACOT, 4);
    /** Member 1 (lr 1e-7) stays flat and is pruned; the others learn at different speeds. */
    private static final List<TestTrials.Configuration> MEMBERS = List.of(
            new TestTrials.Configuration(DATA, 1e-2, 1), new TestTrials.Configuration(DATA, 1e-7, 2),
            new TestTrials.Configuration(DATA, 3e-3, 3), new TestTrials.Configuration(DATA, 5e-3, 5));
    private static final PruneRule RULE = new PruneRule(60, 0.01, 20);
    private static final int STEPS = 300;
    /** Relative; float32 rounding of a sum of a few hundred terms. */
    static final double TRAINING_LOSS_TOLERANCE = 1e-5;

    @Test
    void membersFinishingAtDifferentStepsEndAsTheirCurvesInARunWhereNobodyFinishesSay() {
        for (ModelSpec spec : TestTrials.TINY_MODELS) {
            List<TrialResult> reference = TestTrials.runEnsemble(spec, MEMBERS, false,
                    new TrainingSettings(STEPS, 16, 1e-9, 10), () -> false, TrainingProgress.NONE);
            // ε just above the second-lowest best loss among the learning members: up to two of them succeed
            List<Integer> learners = IntStream.of(0, 2, 3).boxed()
                    .sorted(Comparator.comparingDouble(e -> reference.get(e).bestValidationLoss())).toList();
            double epsilon = reference.get(learners.get(1)).bestValidationLoss() * 1.0001;
            TrainingSettings settings = new TrainingSettings(STEPS, 16, epsilon, 10, RULE);
            List<TrialResult> live = TestTrials.runEnsemble(spec, MEMBERS, false, settings, () -> false,
                    TrainingProgress.NONE);

            List<Integer> ends = new ArrayList<>();
            for (int e = 0; e < MEMBERS.size(); e++) {
                List<CurvePoint> full = reference.get(e).curve();
                TrialResult result = live.get(e);
                OptionalInt success = firstBelow(full, epsilon);
                OptionalInt pruned = RULE.stopStep(full, epsilon);
                String what = spec + ", member " + e + ": " + result;
                if (pruned.isPresent() && (success.isEmpty() || pruned.getAsInt() < success.getAsInt())) {
                    assertTrue(PruneRule.isPruned(result.failureReason()), what);
                    assertEquals(pruned.getAsInt(), result.steps(), what);
                } else if (success.isPresent()) {
                    assertTrue(result.success(), what);
                    assertEquals(success.getAsInt(), result.steps(), what);
                } else {
                    assertNull(result.failureReason(), what);
                    assertEquals(STEPS, result.steps(), what);
                }
                ends.add(result.steps());
                List<CurvePoint> prefix = full.subList(0, result.curve().size());
                assertSameCurve(prefix, result.curve(), what);
                assertEquals(result.steps(), prefix.get(prefix.size() - 1).step(), what);
                assertEquals(prefix.stream().mapToDouble(CurvePoint::validationLoss).min().orElseThrow(),
                        result.bestValidationLoss(), what);
            }
            assertTrue(PruneRule.isPruned(live.get(1).failureReason()), spec + ": " + live.get(1));
            assertTrue(live.stream().anyMatch(TrialResult::success), spec + ": " + live);
            assertTrue(ends.stream().filter(step -> step < STEPS).distinct().count() >= 2,
                    spec + ": the live ensemble shrinks at least twice before the last step " + ends);
            // a success's accuracy is measured on the weights it succeeded with: those of a run that ends there
            for (int e = 0; e < MEMBERS.size(); e++) {
                if (!live.get(e).success()) {
                    continue;
                }
                TrialResult stoppedThere = TestTrials.runEnsemble(spec, MEMBERS, false,
                        new TrainingSettings(live.get(e).steps(), 16, 1e-9, 10), () -> false, TrainingProgress.NONE)
                        .get(e);
                assertEquals(stoppedThere.validationAccuracy(), live.get(e).validationAccuracy(), spec + ", member " + e);
            }
        }
    }

    /**
     * Steps and validation losses bit for bit; training losses to float rounding: they are summed over a
     * batch padded to the longest sequence of any live member's batch, so when a member leaves, the
     * others' padding (not their weights or gradients) can change, and with it the last bit of the sum.
     */
    static void assertSameCurve(List<CurvePoint> expected, List<CurvePoint> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        double worst = 0;
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).step(), actual.get(i).step(), what);
            assertEquals(expected.get(i).validationLoss(), actual.get(i).validationLoss(), "validation loss at step "
                    + expected.get(i).step() + ", " + what);
            worst = Math.max(worst, Math.abs(actual.get(i).trainingLoss() - expected.get(i).trainingLoss())
                    / Math.abs(expected.get(i).trainingLoss()));
        }
        System.out.println("largest relative training-loss difference " + worst + ": " + what);
        assertTrue(worst <= TRAINING_LOSS_TOLERANCE, "training losses differ by " + worst + ": " + what);
    }

    private static OptionalInt firstBelow(List<CurvePoint> curve, double epsilon) {
        return curve.stream().filter(p -> p.validationLoss() < epsilon).mapToInt(CurvePoint::step).findFirst();
    }
}
