package dev.statetrack.analysis;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/**
 * A confidence interval for a success probability from k successes in n independent trials, computed by
 * Apache Commons Math.
 *
 * <ul>
 *   <li>Wilson (score) interval: the p whose score test does not reject at the level; well centred and
 *       never outside [0, 1], with coverage close to nominal on average;</li>
 *   <li>Clopper–Pearson (exact) interval: inverts the binomial test with Beta quantiles; coverage at
 *       least nominal for every p, so wider.</li>
 * </ul>
 */
public record BinomialInterval(double lower, double upper) {

    public static BinomialInterval wilson(int successes, int trials, double confidence) {
        check(successes, trials, confidence);
        ConfidenceInterval ci = new WilsonScoreInterval().createInterval(trials, successes, confidence);
        // At k = 0 and k = n the bound is exactly 0 or 1; the library's arithmetic leaves a rounding residue.
        return new BinomialInterval(successes == 0 ? 0 : ci.getLowerBound(),
                successes == trials ? 1 : ci.getUpperBound());
    }

    public static BinomialInterval clopperPearson(int successes, int trials, double confidence) {
        check(successes, trials, confidence);
        // Beta quantiles rather than the library's ClopperPearsonInterval, which in 3.6.1 builds an F
        // distribution with 0 degrees of freedom (and throws) at k = 0 and k = n
        double tail = (1 - confidence) / 2;
        double lower = successes == 0 ? 0 : betaQuantile(tail, successes, trials - successes + 1);
        double upper = successes == trials ? 1 : betaQuantile(1 - tail, successes + 1, trials - successes);
        return new BinomialInterval(lower, upper);
    }

    private static double betaQuantile(double probability, double a, double b) {
        // no random generator: only the distribution function is used, never samples
        return new BetaDistribution(null, a, b).inverseCumulativeProbability(probability);
    }

    /** The library would throw its own exceptions; these name the values as the rest of the tool does. */
    private static void check(int successes, int trials, double confidence) {
        if (trials < 1 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("a binomial interval needs 0 <= k <= n and n >= 1, got k=" + successes
                    + ", n=" + trials);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must lie strictly between 0 and 1, got " + confidence);
        }
    }
}
