package dev.statetrack.store;

import dev.statetrack.train.TrialResult;
import dev.statetrack.train.TrialSpec;

/** A finished trial as the run store holds it. */
public record StoredTrial(String hash, TrialSpec spec, TrialResult result, Provenance provenance) {
}
