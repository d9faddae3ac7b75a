package dev.statetrack.search;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A grid posterior over the success curve of one cell, p(N) = 1 / (1 + exp(−s·(ln N − μ))): every trained
 * configuration at N is one Bernoulli trial with log N as its stimulus level, as in the psychometric
 * threshold methods QUEST (Watson and Pelli 1983), Psi (Kontsevich and Tyler 1999) and QUEST+ (Watson 2017).
 *
 * <p>μ = ln N*₅₀, the size at which half the configurations succeed; s is the slope in ln N. One curve is
 * shared by the grid's configurations, learning rates and seeds alike, as in the success-rate mode's
 * logistic fit ({@code analysis.LogisticFit}): it describes the grid's average configuration. A curve per
 * learning rate would need a location per rate and as many trials per rate again, for a quantity (N*₅₀ of
 * the grid) the study does not report; the adaptive search keeps its sample balanced instead, taking the
 * learning rates in turn at every size. Outcomes are treated as independent given the curve, although the
 * configurations of one seed share data and initialisation.
 *
 * <p>The grid: μ uniform from −1 (N ≈ 0.37) to ln N_max + 2, in steps of at most ln(1 + tolerance)/4 so that
 * the stopping rule resolves the tolerance (at most {@link #MAX_LOCATIONS} points); s log-uniform on
 * [{@link #SLOPE_MIN}, {@link #SLOPE_MAX}] ({@link #SLOPES} points), which spans the slopes the quick
 * preset's fits found (1.5 to 6). The prior is flat on that grid: uniform in ln N*₅₀, log-uniform in s.
 * Mass above ln N_max stands for "not learnable within budget".
 *
 * <p>The design criterion ({@link #bestDesign}): for each candidate size N and number k of configurations
 * to train there, the expected entropy of the posterior of ln N*₅₀ after seeing k outcomes (the success
 * count j is binomial given the curve); the design chosen gains the most entropy per trial, counting one
 * trial's worth of overhead per round ({@link #ROUND_COST}), so a round trains several configurations
 * together while their information nearly adds up and fewer once it overlaps.
 */
public final class ThresholdPosterior {

    public static final double SLOPE_MIN = 0.3;
    public static final double SLOPE_MAX = 30;
    public static final int SLOPES = 25;
    public static final int MAX_LOCATIONS = 2001;
    /** The cost of a round in trials, beside its k trials: one more ensemble to start and to wait for. */
    public static final double ROUND_COST = 1;
    public static final double CREDIBILITY = 0.95;
    /** Cells below this posterior mass are left out of the design's sums: together at most 5e-6 of it. */
    private static final double NEGLIGIBLE = 1e-10;

    private final double[] locations;
    private final double[] slopes;
    /** Unnormalised log posterior, [location × SLOPES + slope]. */
    private final double[] logWeight;
    private final java.util.Map<Double, int[]> orderBySize = new java.util.HashMap<>();
    /** p(N) of every cell, per size asked about: the design asks about the same sizes every round. */
    private final java.util.Map<Long, double[]> successProbability = new java.util.HashMap<>();

    /** A point estimate (the posterior median) with a central credible interval, all in N. */
    public record Credible(double estimate, double lower, double upper) {
    }

    /** What to train next: {@code count} configurations at {@code trainSize}, and the gain that chose it. */
    public record Design(long trainSize, int count, double expectedEntropy, double gainPerTrial) {
    }

    private ThresholdPosterior(double[] locations, double[] slopes) {
        this.locations = locations;
        this.slopes = slopes;
        this.logWeight = new double[locations.length * slopes.length];
    }

    /** The flat prior for a search up to nMax with the given tolerance. */
    public static ThresholdPosterior prior(long nMax, double tolerance) {
        double from = -1;
        double to = Math.log(nMax) + 2;
        double step = Math.min(0.1, Math.log1p(tolerance) / 4);
        int count = (int) Math.min(MAX_LOCATIONS, Math.ceil((to - from) / step) + 1);
        double[] locations = new double[count];
        for (int i = 0; i < count; i++) {
            locations[i] = from + (to - from) * i / (count - 1);
        }
        double[] slopes = new double[SLOPES];
        for (int j = 0; j < SLOPES; j++) {
            slopes[j] = SLOPE_MIN * Math.pow(SLOPE_MAX / SLOPE_MIN, (double) j / (SLOPES - 1));
        }
        return new ThresholdPosterior(locations, slopes);
    }

    /** A posterior on a given grid with given weights (need not be normalised), for tests. */
    static ThresholdPosterior of(double[] locations, double[] slopes, double[] weights) {
        ThresholdPosterior p = new ThresholdPosterior(locations.clone(), slopes.clone());
        for (int c = 0; c < weights.length; c++) {
            p.logWeight[c] = Math.log(weights[c]);
        }
        return p;
    }

    /** One configuration's outcome at trainSize: multiplies the posterior by p(N) or 1 − p(N). */
    public void update(long trainSize, boolean success) {
        double x = Math.log(trainSize);
        for (int i = 0; i < locations.length; i++) {
            for (int j = 0; j < slopes.length; j++) {
                double eta = slopes[j] * (x - locations[i]);
                // log p = −softplus(−η), log(1 − p) = −softplus(η)
                logWeight[i * slopes.length + j] -= success ? softplus(-eta) : softplus(eta);
            }
        }
    }

    /** The normalised posterior, [location × SLOPES + slope]. */
    public double[] weights() {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logWeight) {
            max = Math.max(max, v);
        }
        double[] w = new double[logWeight.length];
        double total = 0;
        for (int c = 0; c < w.length; c++) {
            w[c] = Math.exp(logWeight[c] - max);
            total += w[c];
        }
        for (int c = 0; c < w.length; c++) {
            w[c] /= total;
        }
        return w;
    }

    public double[] locations() {
        return locations.clone();
    }

    public double[] slopes() {
        return slopes.clone();
    }

    /** N*₅₀ = exp(μ): its posterior median and central 95% interval. */
    public Credible median() {
        double[] marginal = locationMarginal(weights());
        return new Credible(Math.exp(locationQuantile(marginal, 0.5)),
                Math.exp(locationQuantile(marginal, (1 - CREDIBILITY) / 2)),
                Math.exp(locationQuantile(marginal, (1 + CREDIBILITY) / 2)));
    }

    /**
     * The size at which one configuration succeeds with probability {@code level}, exp(μ + logit(level)/s):
     * N*_any for the level at which some of the grid's configurations succeeds with probability ½.
     */
    public Credible sizeAt(double level) {
        double[] w = weights();
        double logit = Math.log(level / (1 - level));
        int[] order = orderBySize.computeIfAbsent(level, l -> sizeOrder(logit));
        double[] q = {0.5, (1 - CREDIBILITY) / 2, (1 + CREDIBILITY) / 2};
        double[] found = new double[q.length];
        Arrays.fill(found, logSize(order[order.length - 1], logit));
        boolean[] done = new boolean[q.length];
        double cumulative = 0;
        for (int c : order) {
            cumulative += w[c];
            for (int k = 0; k < q.length; k++) {
                if (!done[k] && cumulative >= q[k]) {
                    found[k] = logSize(c, logit);
                    done[k] = true;
                }
            }
        }
        return new Credible(Math.exp(found[0]), Math.exp(found[1]), Math.exp(found[2]));
    }

    private double logSize(int cell, double logit) {
        return locations[cell / slopes.length] + logit / slopes[cell % slopes.length];
    }

    /** The grid's cells in increasing order of the size at which they reach a level; the grid never changes. */
    private int[] sizeOrder(double logit) {
        return java.util.stream.IntStream.range(0, logWeight.length).boxed()
                .sorted(java.util.Comparator.comparingDouble(c -> logSize(c, logit)))
                .mapToInt(Integer::intValue).toArray();
    }

    /** The posterior medians of μ and s, as the point curve a chart draws: intercept −s·μ, slope s. */
    public double[] medianCurve() {
        double[] w = weights();
        double mu = locationQuantile(locationMarginal(w), 0.5);
        double[] slopeMarginal = new double[slopes.length];
        for (int c = 0; c < w.length; c++) {
            slopeMarginal[c % slopes.length] += w[c];
        }
        double cumulative = 0;
        double s = slopes[slopes.length - 1];
        for (int j = 0; j < slopes.length; j++) {
            cumulative += slopeMarginal[j];
            if (cumulative >= 0.5) {
                s = slopes[j];
                break;
            }
        }
        return new double[] {-s * mu, s};
    }

    /** Draws of exp(μ + logit(level)/s) from the posterior, for intervals of quantities built from several cells. */
    public double[] sampleSizeAt(double level, SplittableRandom random, int count) {
        double[] w = weights();
        double[] cumulative = new double[w.length];
        double total = 0;
        for (int c = 0; c < w.length; c++) {
            total += w[c];
            cumulative[c] = total;
        }
        double logit = Math.log(level / (1 - level));
        double[] draws = new double[count];
        for (int r = 0; r < count; r++) {
            int c = Arrays.binarySearch(cumulative, random.nextDouble() * total);
            c = Math.min(w.length - 1, c >= 0 ? c : -c - 1);
            draws[r] = Math.exp(locations[c / slopes.length] + logit / slopes[c % slopes.length]);
        }
        return draws;
    }

    /** Entropy (nats) of the posterior of ln N*₅₀ on the grid. */
    public double entropy() {
        return entropy(locationMarginal(weights()));
    }

    /**
     * The design that gains the most expected entropy of ln N*₅₀ per trial, over every candidate size and
     * every count from 1 to maxCount. Ties go to the smaller size, then the smaller count, so a design is a
     * function of the posterior alone and a resumed search takes the same path.
     */
    public Design bestDesign(long[] candidates, int maxCount) {
        if (maxCount < 1 || candidates.length == 0) {
            throw new IllegalArgumentException("a design needs a candidate size and a count >= 1");
        }
        double[] w = weights();
        double now = entropy(locationMarginal(w));
        int s = slopes.length;
        // outcome o enumerates (k, j) for k = 1..maxCount, j = 0..k: j successes of k configurations
        int outcomes = (maxCount + 1) * (maxCount + 2) / 2 - 1;
        // marginal[o][i]: posterior mass at location i times P(outcome o | curve), unnormalised
        double[][] marginal = new double[outcomes][locations.length];
        double[] sum = new double[outcomes];
        double[] powP = new double[maxCount + 1];
        double[] powQ = new double[maxCount + 1];
        Design best = null;
        for (long n : candidates) {
            double[] pAt = successProbability.computeIfAbsent(n, this::successProbabilities);
            for (int i = 0; i < locations.length; i++) {
                Arrays.fill(sum, 0);
                for (int c = i * s; c < (i + 1) * s; c++) {
                    if (w[c] < NEGLIGIBLE) {
                        continue;
                    }
                    double p = pAt[c];
                    powP[0] = w[c];
                    powQ[0] = 1;
                    for (int k = 1; k <= maxCount; k++) {
                        powP[k] = powP[k - 1] * p;
                        powQ[k] = powQ[k - 1] * (1 - p);
                    }
                    int o = 0;
                    for (int k = 1; k <= maxCount; k++) {
                        for (int j = 0; j <= k; j++) {
                            sum[o++] += powP[j] * powQ[k - j];
                        }
                    }
                }
                for (int o = 0; o < outcomes; o++) {
                    marginal[o][i] = sum[o];
                }
            }
            int o = 0;
            for (int k = 1; k <= maxCount; k++) {
                double expected = 0;
                double binomial = 1;  // C(k, j), built up as j grows
                for (int j = 0; j <= k; j++, o++) {
                    double mass = 0;
                    for (double v : marginal[o]) {
                        mass += v;
                    }
                    double probability = binomial * mass;
                    if (probability > 0) {
                        expected += probability * entropy(marginal[o]);
                    }
                    binomial = binomial * (k - j) / (j + 1);
                }
                double gain = (now - expected) / (k + ROUND_COST);
                if (best == null || gain > best.gainPerTrial() + 1e-12) {
                    best = new Design(n, k, expected, gain);
                }
            }
        }
        return best;
    }

    private double[] successProbabilities(long n) {
        double x = Math.log(n);
        double[] p = new double[logWeight.length];
        for (int c = 0; c < p.length; c++) {
            p[c] = 1 / (1 + Math.exp(-slopes[c % slopes.length] * (x - locations[c / slopes.length])));
        }
        return p;
    }

    /** Integer sizes spread evenly in log N over [1, nMax], each once. */
    public static long[] candidateSizes(long nMax, int count) {
        return java.util.stream.LongStream.range(0, count)
                .map(t -> Math.max(1, Math.min(nMax, Math.round(Math.exp(Math.log(nMax) * t / (count - 1))))))
                .distinct().toArray();
    }

    private double[] locationMarginal(double[] w) {
        double[] marginal = new double[locations.length];
        for (int c = 0; c < w.length; c++) {
            marginal[c / slopes.length] += w[c];
        }
        return marginal;
    }

    /**
     * The q-quantile of μ, each grid point's mass spread evenly over its cell (half a step either side), so
     * that interval ends move smoothly rather than by whole grid steps.
     */
    private double locationQuantile(double[] marginal, double q) {
        double total = Arrays.stream(marginal).sum();
        double step = locations.length > 1 ? locations[1] - locations[0] : 1;
        double cumulative = 0;
        for (int i = 0; i < marginal.length; i++) {
            double next = cumulative + marginal[i] / total;
            if (next >= q && marginal[i] > 0) {
                return locations[i] - step / 2 + step * (q - cumulative) / (next - cumulative);
            }
            cumulative = next;
        }
        return locations[locations.length - 1] + step / 2;
    }

    /** Entropy of an unnormalised distribution. */
    private static double entropy(double[] mass) {
        double total = 0;
        for (double v : mass) {
            total += v;
        }
        double h = 0;
        for (double v : mass) {
            if (v > 0) {
                double p = v / total;
                h -= p * Math.log(p);
            }
        }
        return h;
    }

    private static double softplus(double v) {
        return v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
    }
}
