package dev.statetrack.analysis;

import dev.statetrack.search.TrialOutcome;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Accuracy on lengths beyond training, normalised so chance (1/k) is 0 and perfect is 1.
 *
 * <p>Of the grid's configurations, the one with the lowest best validation loss is reported: that
 * is model selection on held-out data of the training lengths, as a practitioner would do; choosing
 * by probe accuracy would select on the test itself and overstate generalisation. Its accuracies were
 * measured on the weights of that best evaluation ({@code Trainer}), so what is reported is what was
 * selected.
 *
 * @param chosen                the configuration reported
 * @param probeLength           2L
 * @param normalisedAtProbe     (acc(2L) − 1/k) / (1 − 1/k); NaN if the probe did not measure 2L
 * @param normalisedByLength    the same normalisation at every probed length 2..2L
 */
public record LengthGeneralisation(TrialOutcome chosen, int groupOrder, int probeLength, double normalisedAtProbe,
                                   Map<Integer, Double> normalisedByLength) {

    /** Empty until some configuration finished with a finite validation loss. */
    public static Optional<LengthGeneralisation> of(List<TrialOutcome> configurations, int groupOrder, int maxLength) {
        return configurations.stream()
                .filter(o -> o != null && o.result() != null && Double.isFinite(o.result().bestValidationLoss()))
                .min(Comparator.comparingDouble(o -> o.result().bestValidationLoss()))
                .map(best -> {
                    Map<Integer, Double> normalised = new TreeMap<>();
                    best.result().accuracyByLength().forEach((n, acc) -> normalised.put(n, normalise(acc, groupOrder)));
                    int probe = 2 * maxLength;
                    return new LengthGeneralisation(best, groupOrder, probe,
                            normalised.getOrDefault(probe, Double.NaN), normalised);
                });
    }

    /** NaN for the trivial group, where chance is already perfect. */
    public static double normalise(double accuracy, int groupOrder) {
        double chance = 1.0 / groupOrder;
        return groupOrder < 2 ? Double.NaN : (accuracy - chance) / (1 - chance);
    }
}
