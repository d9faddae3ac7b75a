package dev.statetrack.search;

import dev.statetrack.train.TrialSpec;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Runs one trial at most once: a stored outcome is returned instead of training again. The
 * store-backed implementation is {@code dev.statetrack.store.StoredTrialRunner}.
 */
@FunctionalInterface
public interface TrialRunner {

    /**
     * @param cancelled once true, a trial not yet started must not start and a running one may stop;
     *                  either yields a {@link TrialOutcome.Status#CANCELLED} outcome
     */
    TrialOutcome run(TrialSpec spec, BooleanSupplier cancelled);

    /** The stored outcome of a trial, if any, without running or claiming it. */
    default Optional<TrialOutcome> stored(TrialSpec spec) {
        return Optional.empty();
    }
}
