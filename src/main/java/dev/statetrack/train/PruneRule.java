package dev.statetrack.train;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * When a member that has not reached ε is stopped early: a patience rule on the validation curve. At
 * an evaluation at or after {@code minSteps}, the member is pruned when its best validation loss has
 * not fallen by more than the fraction {@code minDelta} for {@code patience} steps (progress is a loss
 * below (1 − minDelta) times the best loss at the last progress, as Keras' early stopping). The decision
 * reads only the member's own curve up to that evaluation, never the budget or its siblings, so a
 * pruned run is the unpruned run up to the step it stops at, and a replay on a stored curve stops where
 * the live run would.
 *
 * @param patience steps without progress that end a member
 * @param minDelta relative fall of the best validation loss that counts as progress, in [0, 1)
 * @param minSteps no member is pruned before this step
 */
public record PruneRule(int patience, double minDelta, int minSteps) implements Serializable {

    public PruneRule {
        if (patience < 1) {
            throw new IllegalArgumentException("prune patience must be a positive number of steps, got " + patience);
        }
        if (!(minDelta >= 0 && minDelta < 1)) {
            throw new IllegalArgumentException("prune min-delta must be in [0, 1), got " + minDelta);
        }
        if (minSteps < 0) {
            throw new IllegalArgumentException("prune min-steps must be >= 0, got " + minSteps);
        }
    }

    /**
     * Reads {@code patience=3000,min-delta=0.01,min-steps=1000} (min-delta and min-steps default to 0).
     */
    public static PruneRule parse(String text) {
        Integer patience = null;
        double minDelta = 0;
        int minSteps = 0;
        for (String part : text.split(",")) {
            String[] kv = part.strip().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("prune rule '" + text + "': expected key=value pairs "
                        + "(patience=STEPS[,min-delta=FRACTION][,min-steps=STEPS]), got '" + part.strip() + "'");
            }
            String key = kv[0].strip().toLowerCase(Locale.ROOT);
            String value = kv[1].strip();
            try {
                switch (key) {
                    case "patience" -> patience = Integer.parseInt(value);
                    case "min-delta" -> minDelta = Double.parseDouble(value);
                    case "min-steps" -> minSteps = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("prune rule '" + text + "': unknown key '" + key
                            + "'; allowed: patience, min-delta, min-steps");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("prune rule '" + text + "': " + key + " must be a number, got '"
                        + value + "'");
            }
        }
        if (patience == null) {
            throw new IllegalArgumentException("prune rule '" + text + "': patience=STEPS is required");
        }
        return new PruneRule(patience, minDelta, minSteps);
    }

    /** The rule as {@link #parse} reads it, with every key. */
    public String text() {
        return "patience=" + patience + ",min-delta=" + minDelta + ",min-steps=" + minSteps;
    }

    /**
     * @param curve a member's curve up to and including the current evaluation, none of it below ε
     * @return why the member is pruned at the current evaluation, or empty to go on
     */
    public Optional<String> verdict(List<CurvePoint> curve) {
        if (curve.isEmpty()) {
            return Optional.empty();
        }
        int step = curve.get(curve.size() - 1).step();
        if (step < minSteps) {
            return Optional.empty();
        }
        double best = Double.NaN;
        int progressStep = 0;
        for (CurvePoint p : curve) {
            double loss = p.validationLoss();
            if (Double.isFinite(loss) && (Double.isNaN(best) || loss < best * (1 - minDelta))) {
                best = loss;
                progressStep = p.step();
            }
        }
        if (step - progressStep < patience) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "pruned at step %d: validation loss %s made no progress "
                + "since step %d (rule %s)", step, Double.isNaN(best) ? "NaN" : String.format(Locale.ROOT, "%.4g", best),
                progressStep, text()));
    }

    /**
     * Replays the rule on a stored curve that ran to its end (success or budget).
     *
     * @return the step the rule would stop the member at, or empty when it never does before the curve
     * reaches ε or ends (a verdict at the last point stops nothing: the budget ends the member there, and
     * the trainer does not call it a pruning)
     */
    public OptionalInt stopStep(List<CurvePoint> curve, double epsilon) {
        for (int i = 0; i < curve.size(); i++) {
            if (curve.get(i).validationLoss() < epsilon) {
                return OptionalInt.empty();
            }
            if (i < curve.size() - 1 && verdict(curve.subList(0, i + 1)).isPresent()) {
                return OptionalInt.of(curve.get(i).step());
            }
        }
        return OptionalInt.empty();
    }

    /** Whether a stored failure reason is a pruning. */
    public static boolean isPruned(String failureReason) {
        return failureReason != null && failureReason.startsWith("pruned at step ");
    }
}
