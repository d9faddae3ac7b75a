package dev.statetrack.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * κ with a paired bootstrap interval: each term is N*_any of its search ({@link SuccessRates}), and
 * κ = Σ_n N*_any,n / N*_any,joint. Every term is trained with the same configurations (learning rates ×
 * seeds; the recurrent models even start from the same weights at every length), so a configuration
 * that is lucky in one term tends to be lucky in the others. A replicate therefore draws the m
 * configurations once and uses that one draw in every term and the joint: resampling each term on its
 * own would treat the terms as independent and give a wrong (usually wider) interval. The expanded
 * percentile interval is widened for m units, as for the terms themselves.
 *
 * <p>What it assumes: the configurations are exchangeable draws from one population of configurations
 * (the same simplification as N*_any, {@link SuccessRates#ASSUMPTION}), each term's threshold follows
 * the logistic model in log N, and the searches' tried sizes stand for the whole curve.
 */
public final class KappaInterval {

    private KappaInterval() {
    }

    /**
     * @param fixedByLength the success tables of the fixed-length terms; every table must list the
     *                      configurations of one grid in one order
     * @return empty unless every term has a finite N*_any (each search tried at least two sizes and its fit
     *         rises)
     */
    public static Optional<IntervalEstimate> of(List<SuccessTable> fixedByLength, SuccessTable joint, long seed,
                                                int replicates, double confidence) {
        List<SuccessTable> terms = new ArrayList<>(fixedByLength);
        terms.add(joint);
        int m = joint.configurations();
        for (SuccessTable t : terms) {
            if (t.configurations() != m) {
                throw new IllegalArgumentException("κ terms must share one grid of configurations, got "
                        + t.configurations() + " and " + m);
            }
        }
        double level = SuccessRates.anyOfGridLevel(m);
        int[] all = new int[m];
        for (int c = 0; c < m; c++) {
            all[c] = c;
        }
        double estimate = kappa(fixedByLength, joint, all, level);
        if (Double.isNaN(estimate)) {
            return Optional.empty();
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] kappas = new double[replicates];
        for (int r = 0; r < replicates; r++) {
            kappas[r] = kappa(fixedByLength, joint, joint.drawConfigurations(random), level);
        }
        return Optional.of(IntervalEstimate.expandedPercentile(estimate, kappas, m, confidence));
    }

    /** κ from N*_any of every term over the same configurations; NaN if a term has no finite N*_any. */
    private static double kappa(List<SuccessTable> fixedByLength, SuccessTable joint, int[] configurations,
                                double level) {
        double numerator = 0;
        for (SuccessTable term : fixedByLength) {
            numerator += anyOfGrid(term, configurations, level);
        }
        return numerator / anyOfGrid(joint, configurations, level);
    }

    private static double anyOfGrid(SuccessTable table, int[] configurations, double level) {
        double size = LogisticFit.of(table.counts(configurations)).map(f -> f.sizeAt(level)).orElse(Double.NaN);
        return Double.isFinite(size) ? size : Double.NaN;
    }
}
