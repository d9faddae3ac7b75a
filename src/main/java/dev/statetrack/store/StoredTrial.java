package dev.statetrack.store;

import dev.statetrack.search.TrialOutcome;
import dev.statetrack.train.TrialResult;
import dev.statetrack.train.TrialSpec;

/**
 * A finished trial as the run store holds it.
 *
 * @param derivedFrom null for a trained trial; for one whose outcome was read off a stored run with another
 *                    step budget, that run's hash
 */
public record StoredTrial(String hash, TrialSpec spec, TrialResult result, Provenance provenance,
                          String derivedFrom) {

    /** The trial as a search sees it: taken from the store, or derived when no training was done for it. */
    public TrialOutcome outcome() {
        return new TrialOutcome(hash, spec, derivedFrom != null ? TrialOutcome.Status.DERIVED
                : TrialOutcome.Status.STORED, result);
    }

    /** The hash the trial's learning curve is stored under. */
    String curveHash() {
        return derivedFrom != null ? derivedFrom : hash;
    }
}
