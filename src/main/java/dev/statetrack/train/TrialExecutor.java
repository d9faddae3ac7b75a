package dev.statetrack.train;

import java.util.function.BooleanSupplier;

/**
 * Runs one trial. The local implementation trains in this JVM; a cluster backend can implement the
 * same interface. Implementations check {@code cancelled} between optimisation steps and return a
 * result whose failure reason is "cancelled" when it turned true.
 */
public interface TrialExecutor {

    TrialResult execute(TrialSpec spec, BooleanSupplier cancelled);
}
