package dev.statetrack.study;

/**
 * A confidence interval for a success probability from k successes in n independent trials.
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
        double z = SpecialFunctions.normalQuantile(1 - (1 - confidence) / 2);
        double n = trials;
        double p = successes / n;
        double z2n = z * z / n;
        double centre = (p + z2n / 2) / (1 + z2n);
        double half = z / (1 + z2n) * Math.sqrt(p * (1 - p) / n + z2n / (4 * n));
        // At k = 0 and k = n the bound is exactly 0 or 1; arithmetic would leave a rounding residue.
        return new BinomialInterval(successes == 0 ? 0 : centre - half, successes == trials ? 1 : centre + half);
    }

    public static BinomialInterval clopperPearson(int successes, int trials, double confidence) {
        check(successes, trials, confidence);
        double tail = (1 - confidence) / 2;
        double lower = successes == 0 ? 0 : betaQuantile(tail, successes, trials - successes + 1);
        double upper = successes == trials ? 1 : betaQuantile(1 - tail, successes + 1, trials - successes);
        return new BinomialInterval(lower, upper);
    }

    /** The Beta(a, b) quantile by bisection: I_x(a, b) is increasing in x. */
    private static double betaQuantile(double probability, double a, double b) {
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 200 && hi - lo > 1e-15; i++) {
            double mid = (lo + hi) / 2;
            if (SpecialFunctions.regularizedBeta(mid, a, b) < probability) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

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
