package dev.statetrack.analysis;

import java.util.List;
import java.util.Optional;

/**
 * Success probability against training-set size, logistic in log N: p(N) = 1 / (1 + exp(−(a + b·ln N))).
 * Fitted by maximum likelihood with Firth's penalty (½·log det of the Fisher information, the Jeffreys
 * prior). Plain maximum likelihood has no finite solution when the counts separate perfectly (every
 * configuration fails below some N and succeeds above it), which is common with few configurations;
 * the penalised estimate stays finite there and puts the threshold between the last failure and the
 * first success. b > 0 is the usual case: more data, more success.
 */
public record LogisticFit(double intercept, double slope) {

    /**
     * @return empty when fewer than two distinct sizes were tried (one point cannot fix a threshold and a
     *         slope) or the iteration does not converge
     */
    public static Optional<LogisticFit> of(List<SuccessCount> counts) {
        List<SuccessCount> used = counts.stream().filter(c -> c.trials() > 0).toList();
        if (used.stream().map(SuccessCount::trainSize).distinct().count() < 2) {
            return Optional.empty();
        }
        int m = used.size();
        double[] x = new double[m];
        double[] k = new double[m];
        double[] n = new double[m];
        double centre = 0;
        double total = 0;
        for (int i = 0; i < m; i++) {
            x[i] = Math.log(used.get(i).trainSize());
            k[i] = used.get(i).successes();
            n[i] = used.get(i).trials();
            centre += n[i] * x[i];
            total += n[i];
        }
        centre /= total;
        for (int i = 0; i < m; i++) {
            x[i] -= centre;  // centred, so the intercept and slope are nearly uncorrelated
        }
        double successes = 0;
        for (double ki : k) {
            successes += ki;
        }
        double a = Math.log((successes + 0.5) / (total - successes + 0.5));
        double b = 0;
        double objective = penalisedLogLikelihood(a, b, x, k, n);
        for (int iteration = 0; iteration < 200; iteration++) {
            double[] info = new double[3];  // Fisher information: [Σw, Σwx, Σwx²]
            double[] p = new double[m];
            double[] w = new double[m];
            for (int i = 0; i < m; i++) {
                p[i] = sigmoid(a + b * x[i]);
                w[i] = n[i] * p[i] * (1 - p[i]);
                info[0] += w[i];
                info[1] += w[i] * x[i];
                info[2] += w[i] * x[i] * x[i];
            }
            double det = info[0] * info[2] - info[1] * info[1];
            if (!(det > 0)) {
                return Optional.empty();
            }
            double ua = 0;
            double ub = 0;
            for (int i = 0; i < m; i++) {
                // Hat value of point i: w_i · (1, x_i) I⁻¹ (1, x_i)ᵀ.
                double h = w[i] * (info[2] - 2 * info[1] * x[i] + info[0] * x[i] * x[i]) / det;
                double residual = k[i] - n[i] * p[i] + h * (0.5 - p[i]);
                ua += residual;
                ub += residual * x[i];
            }
            double da = (info[2] * ua - info[1] * ub) / det;
            double db = (info[0] * ub - info[1] * ua) / det;
            double scale = 1;
            double next = penalisedLogLikelihood(a + da, b + db, x, k, n);
            while (!(next >= objective - 1e-12) && scale > 1e-6) {
                scale /= 2;
                next = penalisedLogLikelihood(a + scale * da, b + scale * db, x, k, n);
            }
            a += scale * da;
            b += scale * db;
            objective = next;
            if (Math.abs(scale * da) < 1e-10 && Math.abs(scale * db) < 1e-10) {
                return Optional.of(new LogisticFit(a - b * centre, b));
            }
        }
        return Optional.empty();
    }

    /** p(N). */
    public double probability(double trainSize) {
        return sigmoid(intercept + slope * Math.log(trainSize));
    }

    /**
     * The N at which p(N) = q; +∞ when the fitted curve does not increase with N, since then no amount of
     * data reaches q by this model.
     */
    public double sizeAt(double q) {
        if (!(slope > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.exp((Math.log(q / (1 - q)) - intercept) / slope);
    }

    private static double penalisedLogLikelihood(double a, double b, double[] x, double[] k, double[] n) {
        double logLikelihood = 0;
        double[] info = new double[3];
        for (int i = 0; i < x.length; i++) {
            double eta = a + b * x[i];
            // log p = −log(1 + e^−η), log(1 − p) = −log(1 + e^η), both without overflow.
            logLikelihood -= k[i] * softplus(-eta) + (n[i] - k[i]) * softplus(eta);
            double p = sigmoid(eta);
            double w = n[i] * p * (1 - p);
            info[0] += w;
            info[1] += w * x[i];
            info[2] += w * x[i] * x[i];
        }
        double det = info[0] * info[2] - info[1] * info[1];
        return det > 0 ? logLikelihood + 0.5 * Math.log(det) : Double.NEGATIVE_INFINITY;
    }

    private static double softplus(double v) {
        return v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
    }

    private static double sigmoid(double v) {
        return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
    }
}
