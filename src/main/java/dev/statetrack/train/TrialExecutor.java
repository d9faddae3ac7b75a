package dev.statetrack.train;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Trains ensembles of trials. The local implementation trains in this JVM; a cluster backend
 * implements the same interface. Implementations check {@code cancelled} between optimisation steps;
 * once it is true every member still training comes back with the failure reason "cancelled".
 */
public interface TrialExecutor {

    /**
     * @return one result per member, in member order; see {@link Ensemble#stopAtFirstSuccess()} for
     * which members come back cancelled when another succeeds
     */
    List<TrialResult> execute(Ensemble ensemble, BooleanSupplier cancelled);

    /** One configuration alone: an ensemble of one. */
    default TrialResult execute(TrialSpec spec, BooleanSupplier cancelled) {
        return execute(Ensemble.of(spec), cancelled).get(0);
    }
}
