package dev.statetrack.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * κ with a bootstrap interval propagated from its terms: each term is N*_any of its search
 * ({@link SuccessRates}), κ = Σ_n N*_any,n / N*_any,joint, and replicate r of κ combines replicate r of
 * every term. The searches train disjoint trials, so their resamples are independent and pairing them
 * by index is a valid joint resample. Every term resamples the same m configurations, so the interval is
 * widened for m units as for the terms themselves.
 */
public final class KappaInterval {

    private KappaInterval() {
    }

    /** Empty unless every term has a finite N*_any (each search tried at least two sizes and its fit rises). */
    public static Optional<IntervalEstimate> of(List<SuccessRates> fixedByLength, SuccessRates joint,
                                                double confidence) {
        List<SuccessRates> terms = new ArrayList<>(fixedByLength);
        terms.add(joint);
        if (!terms.stream().allMatch(t -> Double.isFinite(t.anyOfGrid().estimate()))) {
            return Optional.empty();
        }
        double numerator = fixedByLength.stream().mapToDouble(t -> t.anyOfGrid().estimate()).sum();
        double[] jointReplicates = joint.anyOfGridReplicates();
        double[] kappas = new double[jointReplicates.length];
        for (SuccessRates term : fixedByLength) {
            double[] replicates = term.anyOfGridReplicates();
            if (replicates.length != kappas.length) {
                throw new IllegalArgumentException("κ terms were bootstrapped with different replicate counts: "
                        + replicates.length + " and " + kappas.length);
            }
            for (int r = 0; r < kappas.length; r++) {
                kappas[r] += replicates[r];
            }
        }
        for (int r = 0; r < kappas.length; r++) {
            kappas[r] /= jointReplicates[r];
        }
        return Optional.of(IntervalEstimate.expandedPercentile(numerator / joint.anyOfGrid().estimate(), kappas,
                joint.configurations(), confidence));
    }
}
