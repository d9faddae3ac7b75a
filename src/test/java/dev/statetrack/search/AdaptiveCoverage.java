package dev.statetrack.search;

import dev.statetrack.train.TrialResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Simulated adaptive searches against a stub trainer whose configurations succeed with a known logistic
 * probability in ln N. Used by {@link AdaptiveSearchTest} (a small run) and, for the larger run quoted in the
 * README, from the command line:
 * {@code java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)"
 * dev.statetrack.search.AdaptiveCoverage SEARCHES SEED}.
 */
public final class AdaptiveCoverage {

    /** The quick preset's N_max at L = 4 for Z5, its grid of 4 configurations and its tolerance. */
    static final long N_MAX = 620;
    static final int CONFIGURATIONS = 4;
    static final double TOLERANCE = 0.35;
    /** Slopes in ln N spanning the quick preset's fits (1.5 to 6), locations N*₅₀ from 10 to 400. */
    static final double[] SLOPES = {1.5, 3, 6};
    static final double LOCATION_MIN = Math.log(10);
    static final double LOCATION_MAX = Math.log(400);

    /** Counts over a set of simulated searches. */
    public record Summary(int searches, int covered, int coveredAny, long trials, double meanLogWidth) {
        double coverage() {
            return (double) covered / searches;
        }
    }

    private AdaptiveCoverage() {
    }

    /** Runs {@code searches} searches, each with a curve drawn at random (seeded), with budget maxTrials. */
    public static Summary run(int searches, long seed, int maxTrials) {
        SplittableRandom random = new SplittableRandom(seed);
        SearchSettings settings = new SearchSettings(4, 6, TOLERANCE, false, SearchSettings.Method.ADAPTIVE,
                maxTrials);
        double anyLevel = 1 - Math.pow(0.5, 1.0 / CONFIGURATIONS);
        int covered = 0;
        int coveredAny = 0;
        long trials = 0;
        double widths = 0;
        for (int s = 0; s < searches; s++) {
            double slope = SLOPES[s % SLOPES.length];
            double location = LOCATION_MIN + (LOCATION_MAX - LOCATION_MIN) * random.nextDouble();
            SplittableRandom outcomes = random.split();
            List<SearchStep> trace = new ArrayList<>();
            new AdaptiveSearch(settings, CONFIGURATIONS, anyLevel).run(N_MAX, List.of(),
                    (index, n, count) -> step(index, n, count, slope, location, outcomes), trace::add);
            ThresholdPosterior posterior = AdaptiveSearch.replay(N_MAX, TOLERANCE, trace);
            ThresholdPosterior.Credible median = posterior.median();
            ThresholdPosterior.Credible any = posterior.sizeAt(anyLevel);
            double trueMedian = Math.exp(location);
            double trueAny = Math.exp(location + Math.log(anyLevel / (1 - anyLevel)) / slope);
            covered += median.lower() <= trueMedian && trueMedian <= median.upper() ? 1 : 0;
            coveredAny += any.lower() <= trueAny && trueAny <= any.upper() ? 1 : 0;
            trials += trace.stream().mapToLong(t -> t.trials().size()).sum();
            widths += Math.log(median.upper() / median.lower());
        }
        return new Summary(searches, covered, coveredAny, trials, widths / searches);
    }

    static SearchStep step(int index, long n, int count, double slope, double location, SplittableRandom random) {
        List<TrialOutcome> trials = new ArrayList<>();
        double p = 1 / (1 + Math.exp(-slope * (Math.log(n) - location)));
        boolean any = false;
        for (int i = 0; i < count; i++) {
            boolean success = random.nextDouble() < p;
            any |= success;
            trials.add(new TrialOutcome("sim-" + index + "-" + i, null, TrialOutcome.Status.TRAINED,
                    new TrialResult(success, 1, success ? 0 : 1, 0, 0, 0, null, Map.of())));
        }
        return new SearchStep(index, SearchStep.Phase.ADAPTIVE, n, any, trials);
    }

    public static void main(String[] args) {
        int searches = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        System.out.println("max-trials  searches  N*50 covered  N*_any covered  mean trials  mean ln(upper/lower)");
        for (int budget : new int[] {12, 24, 48}) {
            long start = System.nanoTime();
            Summary s = run(searches, seed, budget);
            System.out.printf(Locale.ROOT, "%10d  %8d  %12.3f  %14.3f  %11.1f  %20.2f   (%.1f s)%n", budget,
                    s.searches(), s.coverage(), (double) s.coveredAny() / s.searches(),
                    (double) s.trials() / s.searches(), s.meanLogWidth(), (System.nanoTime() - start) / 1e9);
        }
    }
}
