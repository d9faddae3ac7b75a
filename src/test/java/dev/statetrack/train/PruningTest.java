package dev.statetrack.train;

import dev.statetrack.model.ModelSpec;
import dev.statetrack.task.Format;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pruned member stops where its rule says, and pruning it changes nothing for its siblings: their
 * weights, validation losses and results are bit for bit those of an unpruned run, their reported
 * training losses equal to float rounding (see {@link FinishedMembersTest#assertSameCurve}).
 */
class PruningTest {

    private static final TrainingData DATA = CyclicTasks.sample(3, 2, 6, 100, 20, Format.ACOT, 4);
    /** A learning rate of 1e-7 leaves member 1 flat; the others learn at every evaluation. */
    private static final List<TestTrials.Configuration> MEMBERS = List.of(
            new TestTrials.Configuration(DATA, 1e-2, 1), new TestTrials.Configuration(DATA, 1e-7, 2),
            new TestTrials.Configuration(DATA, 3e-3, 3));
    private static final PruneRule RULE = new PruneRule(30, 0.01, 20);

    @Test
    void aPrunedMemberStopsWhereTheRuleSaysAndItsSiblingsTrainAsWithoutPruning() {
        TrainingSettings plain = new TrainingSettings(150, 16, 1e-9, 10);
        TrainingSettings pruned = new TrainingSettings(150, 16, 1e-9, 10, RULE);
        List<TrialResult> full = TestTrials.runEnsemble(ModelSpec.lstm(1, 8, 8), MEMBERS, false, plain, () -> false,
                TrainingProgress.NONE);
        List<TrialResult> live = TestTrials.runEnsemble(ModelSpec.lstm(1, 8, 8), MEMBERS, false, pruned, () -> false,
                TrainingProgress.NONE);
        OptionalInt expected = RULE.stopStep(full.get(1).curve(), plain.epsilon());
        assertTrue(expected.isPresent(), "the flat member is pruned: " + full.get(1).curve());
        TrialResult stopped = live.get(1);
        assertEquals(expected.getAsInt(), stopped.steps());
        assertFalse(stopped.success());
        assertTrue(PruneRule.isPruned(stopped.failureReason()), stopped.failureReason());
        assertTrue(stopped.failureReason().startsWith("pruned at step " + expected.getAsInt() + ":"));
        assertEquals(full.get(1).curve().subList(0, stopped.curve().size()), stopped.curve(),
                "the same run up to the stop");
        TrialResult budgetEnd = TestTrials.runEnsemble(ModelSpec.lstm(1, 8, 8), MEMBERS, false,
                new TrainingSettings(expected.getAsInt(), 16, 1e-9, 10, RULE), () -> false, TrainingProgress.NONE).get(1);
        assertEquals(expected.getAsInt(), budgetEnd.steps());
        assertFalse(PruneRule.isPruned(budgetEnd.failureReason()),
                "where the budget ends anyway the member is a plain failure: " + budgetEnd.failureReason());
        for (int e : new int[] {0, 2}) {
            assertTrue(RULE.stopStep(full.get(e).curve(), plain.epsilon()).isEmpty(), "member " + e + " keeps learning");
            FinishedMembersTest.assertSameCurve(full.get(e).curve(), live.get(e).curve(), "member " + e);
            assertEquals(full.get(e).bestValidationLoss(), live.get(e).bestValidationLoss());
            assertEquals(full.get(e).validationAccuracy(), live.get(e).validationAccuracy());
        }
    }

    @Test
    void theRuleWaitsForPatienceAfterTheLastProgressAndNeverBeforeMinSteps() {
        List<CurvePoint> flat = List.of(p(10, 2.0), p(20, 1.99), p(30, 1.985), p(40, 1.98), p(50, 1.5), p(60, 1.49),
                p(70, 1.49), p(80, 1.49), p(90, 1.49));
        // 1% progress: 2.0 at 10, none until 1.5 at 50, none after
        assertEquals(OptionalInt.of(40), new PruneRule(30, 0.01, 0).stopStep(flat, 1e-3));
        assertEquals(OptionalInt.of(80), new PruneRule(30, 0.01, 45).stopStep(flat, 1e-3), "30 steps after step 50");
        assertEquals(OptionalInt.empty(), new PruneRule(40, 0.01, 45).stopStep(flat, 1e-3),
                "patience runs out at the last evaluation, where the budget ends the member anyway");
        List<CurvePoint> late = List.of(p(10, 2.0), p(20, 2.0), p(30, 2.0), p(40, 2.0), p(50, 1e-4));
        assertEquals(OptionalInt.of(40), new PruneRule(30, 0.01, 0).stopStep(late, 1e-3), "a miss: stopped before ε");
        assertEquals(OptionalInt.empty(), new PruneRule(40, 0.01, 0).stopStep(late, 1e-3),
                "reaching ε at the evaluation where patience runs out is a success");
    }

    @Test
    void theRuleReadsBackFromItsText() {
        PruneRule rule = PruneRule.parse("patience=3000, min-delta=0.01,min-steps=500");
        assertEquals(new PruneRule(3000, 0.01, 500), rule);
        assertEquals(rule, PruneRule.parse(rule.text()));
        assertEquals(new PruneRule(10, 0, 0), PruneRule.parse("patience=10"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PruneRule.parse("min-steps=5")).getMessage()
                .contains("patience=STEPS is required"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PruneRule.parse("patience=5,speed=2"))
                .getMessage().contains("unknown key 'speed'"));
    }

    private static CurvePoint p(int step, double validation) {
        return new CurvePoint(step, 0.5, validation);
    }
}
