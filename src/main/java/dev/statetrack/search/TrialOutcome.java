package dev.statetrack.search;

import java.util.Locale;

import dev.statetrack.train.TrialResult;
import dev.statetrack.train.TrialSpec;

/**
 * What became of one configuration of a sample size.
 *
 * @param hash   the trial's identity in the run store
 * @param result null when {@code status} is {@link Status#CANCELLED}
 */
public record TrialOutcome(String hash, TrialSpec spec, Status status, TrialResult result) {

    public enum Status {
        /** Trained in this run and stored. */
        TRAINED,
        /** Taken from the store: trained earlier, possibly by another process. */
        STORED,
        /**
         * Read off a stored run that differs only in its step budget and stopped (succeeded or was pruned)
         * where both budgets run alike: the same run, not trained again.
         */
        DERIVED,
        /** Stopped or never started because a sibling configuration succeeded; not an outcome. */
        CANCELLED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static TrialOutcome cancelled(String hash, TrialSpec spec) {
        return new TrialOutcome(hash, spec, Status.CANCELLED, null);
    }

    public boolean succeeded() {
        return result != null && result.success();
    }
}
