package dev.statetrack.search;

import dev.statetrack.train.Ensemble;
import dev.statetrack.train.TrialSpec;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Runs each trial at most once: a stored outcome is returned instead of training again, and the members
 * of an ensemble that are not stored train together. The store-backed implementation is
 * {@code dev.statetrack.store.StoredTrialRunner}.
 */
@FunctionalInterface
public interface TrialRunner {

    /**
     * @param cancelled once true, members not yet started must not start and running ones may stop;
     *                  either yields a {@link TrialOutcome.Status#CANCELLED} outcome
     * @return one outcome per member, in member order
     */
    List<TrialOutcome> run(Ensemble ensemble, BooleanSupplier cancelled);

    /** The stored outcome of a trial, if any, without running or claiming it. */
    default Optional<TrialOutcome> stored(TrialSpec spec) {
        return Optional.empty();
    }
}
