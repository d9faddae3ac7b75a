package dev.statetrack.train;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Outcome of one training run.
 *
 * @param success            validation loss fell below ε at some evaluation
 * @param steps              optimisation steps actually executed
 * @param bestValidationLoss minimum validation loss seen (NaN if none was computed)
 * @param validationAccuracy final-state accuracy on the validation set at the end of the run
 *                           (greedy decoding for cot)
 * @param failureReason      null when the run finished normally (succeeded or used its budget);
 *                           otherwise why it stopped, e.g. "loss became NaN at step 120", "cancelled"
 * @param accuracyByLength   final-state accuracy per sequence length on fresh sequences, measured on the
 *                           weights of the run's best evaluation (lowest validation loss, the one length
 *                           generalisation selects by); empty unless the spec asked for a probe
 *                           ({@code probeMaxLength > 0})
 * @param curve              the member's losses at every evaluation it took part in, in step order;
 *                           empty for trials stored before curves were kept
 * @param trainedOn          the machine that trained it ({@link TrainingMachine#local()} there); null for
 *                           trials stored before it was recorded
 */
public record TrialResult(boolean success, int steps, double bestValidationLoss, double validationAccuracy,
                          long wallMillis, long parameterCount, String failureReason,
                          Map<Integer, Double> accuracyByLength, List<CurvePoint> curve, String trainedOn)
        implements Serializable {

    public TrialResult {
        curve = List.copyOf(curve);
    }

    /** A result of training on this machine, with its learning curve. */
    public TrialResult(boolean success, int steps, double bestValidationLoss, double validationAccuracy,
                       long wallMillis, long parameterCount, String failureReason,
                       Map<Integer, Double> accuracyByLength, List<CurvePoint> curve) {
        this(success, steps, bestValidationLoss, validationAccuracy, wallMillis, parameterCount, failureReason,
                accuracyByLength, curve, TrainingMachine.local());
    }

    /** A result of training on this machine, without a learning curve. */
    public TrialResult(boolean success, int steps, double bestValidationLoss, double validationAccuracy,
                       long wallMillis, long parameterCount, String failureReason,
                       Map<Integer, Double> accuracyByLength) {
        this(success, steps, bestValidationLoss, validationAccuracy, wallMillis, parameterCount, failureReason,
                accuracyByLength, List.of());
    }

    /** The same result with this curve. */
    public TrialResult withCurve(List<CurvePoint> points) {
        return new TrialResult(success, steps, bestValidationLoss, validationAccuracy, wallMillis, parameterCount,
                failureReason, accuracyByLength, points, trainedOn);
    }

    public static TrialResult cancelled(int steps, long wallMillis, long parameterCount) {
        return new TrialResult(false, steps, Double.NaN, Double.NaN, wallMillis, parameterCount, "cancelled", Map.of());
    }

    public boolean cancelled() {
        return "cancelled".equals(failureReason);
    }
}
