package dev.statetrack.train;

import dev.statetrack.model.ModelSpec;
import dev.statetrack.task.Format;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each member's learning curve holds exactly the losses the trainer evaluated for it. */
class LearningCurveTest {

    @Test
    void aLoneMembersCurveIsWhatTheTrainerReportedAtEveryEvaluation() {
        TrainingData data = CyclicTasks.sample(3, 2, 6, 100, 20, Format.ACOT, 3);
        List<CurvePoint> seen = new ArrayList<>();
        TrialResult result = TestTrials.run(ModelSpec.lstm(1, 8, 8), data, 1e-3, new TrainingSettings(95, 16, 1e-9, 10),
                3, () -> false, (step, total, training, validation) -> seen.add(new CurvePoint(step, training, validation)));
        assertEquals(seen, result.curve());
        assertEquals(List.of(10, 20, 30, 40, 50, 60, 70, 80, 90, 95),
                result.curve().stream().map(CurvePoint::step).toList(), "every evaluation, and the last step");
        assertEquals(result.bestValidationLoss(),
                result.curve().stream().mapToDouble(CurvePoint::validationLoss).min().orElseThrow());
    }

    @Test
    void everyMemberHasItsOwnCurveUntilItStops() {
        TrainingData data = CyclicTasks.sample(3, 2, 6, 100, 20, Format.ACOT, 1);
        Map<Integer, Double> shown = new TreeMap<>();
        List<TrialResult> results = TestTrials.runEnsemble(ModelSpec.denseSsm(8, false), List.of(
                        new TestTrials.Configuration(data, 1e-3, 1), new TestTrials.Configuration(data, 1e12, 2),
                        new TestTrials.Configuration(data, 3e-3, 3)),
                false, new TrainingSettings(60, 16, 1e-9, 10), () -> false,
                (step, total, training, validation) -> shown.put(step, validation));
        TrialResult failed = results.get(1);
        assertTrue(failed.failureReason() != null, failed.toString());
        assertTrue(failed.curve().size() < 6 && failed.curve().stream().allMatch(p -> p.step() <= failed.steps()),
                "the failed member's curve stops where it failed: " + failed);
        for (int e : new int[] {0, 2}) {
            assertEquals(List.of(10, 20, 30, 40, 50, 60), results.get(e).curve().stream().map(CurvePoint::step).toList());
        }
        assertFalse(results.get(0).curve().equals(results.get(2).curve()), "members' curves are their own");
        // the progress display shows the best running member: the minimum of the finite curves at that step
        for (var entry : shown.entrySet()) {
            double best = results.stream().flatMap(r -> r.curve().stream())
                    .filter(p -> p.step() == entry.getKey() && Double.isFinite(p.validationLoss()))
                    .mapToDouble(CurvePoint::validationLoss).min().orElseThrow();
            assertEquals(best, entry.getValue(), "step " + entry.getKey());
        }
    }
}
