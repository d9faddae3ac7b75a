package dev.statetrack.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.statetrack.model.ModelFactory;
import dev.statetrack.model.ModelSpec;
import dev.statetrack.model.SequenceModel;
import dev.statetrack.task.Batch;
import dev.statetrack.task.CyclicGroup;
import dev.statetrack.task.EncodedSample;
import dev.statetrack.task.Format;
import dev.statetrack.task.Sample;
import dev.statetrack.task.Vocabulary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Members of an ensemble are independent trials, and the trainer applies the search's rules to them. */
class EnsembleTrainingTest {

    private static final CyclicGroup Z3 = new CyclicGroup(3);
    private static final Vocabulary VOCABULARY = new Vocabulary(3);
    private static final int LENGTH = 6;

    @Test
    void aMembersTrajectoryIsBitIdenticalWhateverTheOtherMembersSeedsAndRatesAre() {
        for (ModelSpec spec : TestTrials.TINY_MODELS) {
            List<Integer> first = memberZeroTrajectory(spec, new long[] {10, 20, 30}, new double[] {1e-3, 3e-3, 1e-4},
                    1f, 30);
            List<Integer> second = memberZeroTrajectory(spec, new long[] {10, 77, 5}, new double[] {1e-3, 1e-2, 1e-3},
                    1f, 30);
            assertEquals(first, second, spec.toString());
            List<Integer> otherSeed = memberZeroTrajectory(spec, new long[] {11, 20, 30},
                    new double[] {1e-3, 3e-3, 1e-4}, 1f, 30);
            assertNotEquals(first, otherSeed, "member 0's own seed matters: " + spec);
        }
    }

    @Test
    void nanInOneMemberLeavesTheOthersTrajectoriesUnchanged() {
        for (ModelSpec spec : TestTrials.TINY_MODELS) {
            List<Integer> clean = memberZeroTrajectory(spec, new long[] {10, 20}, new double[] {1e-3, 1e-3}, 1f, 20);
            List<Integer> poisoned = memberZeroTrajectory(spec, new long[] {10, 20}, new double[] {1e-3, 1e-3},
                    Float.NaN, 20);
            assertEquals(clean, poisoned, spec.toString());
        }
    }

    @Test
    void anAbsurdRateMakesOnlyItsOwnMemberFail() {
        TrainingData data = CyclicTasks.sample(3, 2, 6, 100, 20, Format.ACOT, 1);
        List<TrialResult> results = TestTrials.runEnsemble(ModelSpec.denseSsm(8, false), List.of(
                        new TestTrials.Configuration(data, 1e-3, 1), new TestTrials.Configuration(data, 1e12, 2)),
                false, new TrainingSettings(100, 64, 1e-9, 10), () -> false, TrainingProgress.NONE);
        assertTrue(results.get(1).failureReason().matches("(validation )?loss became (NaN|Infinity|-Infinity) at step \\d+"),
                results.get(1).toString());
        assertNull(results.get(0).failureReason(), results.get(0).toString());
        assertEquals(100, results.get(0).steps());
        assertTrue(Double.isFinite(results.get(0).bestValidationLoss()));
    }

    /**
     * One configuration alone (fused Adam) and as member 3 of 4 (composed Adam, batched kernels) is the
     * same trial up to floating-point rounding.
     */
    @Test
    void aMemberMatchesTheSameConfigurationTrainedAlone() {
        for (ModelSpec spec : TestTrials.TINY_MODELS) {
            TrainingData data = CyclicTasks.sample(3, 2, 6, 100, 40, Format.ACOT, 7);
            TrainingSettings settings = new TrainingSettings(200, 64, 1e-9, 200);
            TestTrials.Configuration mine = new TestTrials.Configuration(data, 3e-3, 7);
            TrialResult alone = TestTrials.run(spec, data, 3e-3, settings, 7, () -> false, TrainingProgress.NONE);
            TrialResult member = TestTrials.runEnsemble(spec, List.of(
                            new TestTrials.Configuration(CyclicTasks.sample(3, 2, 6, 100, 40, Format.ACOT, 8), 1e-3, 8),
                            new TestTrials.Configuration(data, 1e-4, 9), mine,
                            new TestTrials.Configuration(data, 1e-2, 10)),
                    false, settings, () -> false, TrainingProgress.NONE).get(2);
            double relative = Math.abs(member.bestValidationLoss() - alone.bestValidationLoss())
                    / alone.bestValidationLoss();
            assertTrue(relative < 1e-4, spec + ": alone " + alone.bestValidationLoss() + ", as a member "
                    + member.bestValidationLoss());
        }
        TrainingData parity = CyclicTasks.sample(2, 2, 5, 40, 16, Format.ACOT, 1);
        TrainingSettings settings = new TrainingSettings(2000, 64, 1e-3, 50);
        ModelSpec lstm = ModelSpec.lstm(1, 32, 16);
        TrialResult alone = TestTrials.run(lstm, parity, 3e-3, settings, 1, () -> false, TrainingProgress.NONE);
        TrialResult member = TestTrials.runEnsemble(lstm, List.of(new TestTrials.Configuration(parity, 1e-4, 2),
                        new TestTrials.Configuration(parity, 1e-3, 3), new TestTrials.Configuration(parity, 3e-3, 1),
                        new TestTrials.Configuration(parity, 1e-5, 4)),
                false, settings, () -> false, TrainingProgress.NONE).get(2);
        assertTrue(alone.success(), alone.toString());
        assertEquals(alone.success(), member.success());
        assertEquals(alone.steps(), member.steps(), "succeeds at the same evaluation");
    }

    @Test
    void underTheSearchRuleTheFirstSuccessCancelsTheMembersStillRunning() {
        TrainingData parity = CyclicTasks.sample(2, 2, 5, 40, 16, Format.ACOT, 1);
        TrainingSettings settings = new TrainingSettings(2000, 64, 1e-3, 50);
        List<TestTrials.Configuration> configurations = List.of(new TestTrials.Configuration(parity, 1e-7, 2),
                new TestTrials.Configuration(parity, 3e-3, 1), new TestTrials.Configuration(parity, 1e-7, 3));
        List<TrialResult> search = TestTrials.runEnsemble(ModelSpec.lstm(1, 32, 16), configurations, true, settings,
                () -> false, TrainingProgress.NONE);
        assertTrue(search.get(1).success(), search.get(1).toString());
        assertTrue(search.get(0).cancelled() && search.get(2).cancelled(), search.toString());
        assertEquals(search.get(1).steps(), search.get(0).steps(), "stopped at the same evaluation");

        List<TrialResult> every = TestTrials.runEnsemble(ModelSpec.lstm(1, 32, 16), configurations, false, settings,
                () -> false, TrainingProgress.NONE);
        assertEquals(search.get(1).steps(), every.get(1).steps(), "the success is the same trial either way");
        for (int e : new int[] {0, 2}) {
            assertFalse(every.get(e).success());
            assertNull(every.get(e).failureReason(), "ran to its budget: " + every.get(e));
            assertEquals(2000, every.get(e).steps());
        }
    }

    /** A sibling's success at the last evaluation does not turn the others' spent budgets into cancellations. */
    @Test
    void underTheSearchRuleMembersThatSpentTheirBudgetBesideAFinalStepSuccessFailed() {
        TrainingData parity = CyclicTasks.sample(2, 2, 5, 40, 16, Format.ACOT, 1);
        // one evaluation, at the last step: the success that settles the size comes there
        TrainingSettings settings = new TrainingSettings(1000, 64, 1e-3, 1000);
        List<TestTrials.Configuration> configurations = List.of(new TestTrials.Configuration(parity, 1e-7, 2),
                new TestTrials.Configuration(parity, 3e-3, 1));
        List<TrialResult> search = TestTrials.runEnsemble(ModelSpec.lstm(1, 32, 16), configurations, true, settings,
                () -> false, TrainingProgress.NONE);
        assertTrue(search.get(1).success(), search.get(1).toString());
        assertEquals(1000, search.get(1).steps());
        TrialResult spent = search.get(0);
        assertFalse(spent.cancelled(), "a full budget is an outcome, and is stored: " + spent);
        assertFalse(spent.success());
        assertNull(spent.failureReason());
        assertEquals(1000, spent.steps());
    }

    /**
     * Training losses of member 0 per step, as float bit patterns. Member e trains on its own batches
     * (fixed length, drawn from a stream seeded by its seed); {@code poison} multiplies the logits of
     * the last member from step 3 on (1.0: unchanged).
     */
    private static List<Integer> memberZeroTrajectory(ModelSpec spec, long[] seeds, double[] rates, float poison,
                                                      int steps) {
        IntraOpThreads.use(1);
        List<Random> streams = new ArrayList<>();
        for (long seed : seeds) {
            streams.add(new Random(seed));
        }
        List<Integer> losses = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager();
             SequenceModel model = ModelFactory.create(spec, VOCABULARY, LENGTH, DataType.FLOAT32, seeds, manager)) {
            float[] clean = new float[seeds.length];
            java.util.Arrays.fill(clean, 1f);
            float[] poisoned = clean.clone();
            poisoned[seeds.length - 1] = poison;
            NDArray cleanScale = manager.create(clean, new Shape(seeds.length, 1, 1, 1));
            NDArray poisonScale = manager.create(poisoned, new Shape(seeds.length, 1, 1, 1));
            int[] step = {0};
            SequenceModel scaled = new TrainerTest.ForwardingModel(model) {
                @Override
                public NDArray forward(NDArray tokens) {
                    return super.forward(tokens).mul(step[0] >= 3 ? poisonScale : cleanScale);
                }
            };
            TrainingStep trainingStep = new TrainingStep(scaled, rates, VOCABULARY.pad(), manager);
            for (; step[0] < steps; step[0]++) {
                List<Batch> batches = new ArrayList<>();
                for (Random r : streams) {
                    batches.add(batch(r));
                }
                double[] values = trainingStep.run(batches);
                losses.add(Float.floatToIntBits((float) values[0]));
                if (poison != 1.0f && step[0] >= 3) {
                    assertTrue(Double.isNaN(values[seeds.length - 1]), "the poisoned member's loss is NaN");
                }
            }
        }
        return losses;
    }

    private static Batch batch(Random random) {
        List<EncodedSample> rows = new ArrayList<>();
        for (int row = 0; row < 16; row++) {
            int[] x = new int[LENGTH];
            for (int i = 0; i < LENGTH; i++) {
                x[i] = random.nextInt(3);
            }
            rows.add(Format.ACOT.encode(Sample.of(Z3, x), VOCABULARY));
        }
        return Batch.of(rows, VOCABULARY);
    }
}
