package dev.statetrack.search;

import dev.statetrack.train.TrialResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdaptiveSearchTest {

    private static final SearchSettings ADAPTIVE = new SearchSettings(4, 6, 0.35, false,
            SearchSettings.Method.ADAPTIVE, 24);

    @Test
    void posteriorUpdateMatchesAHandComputedGrid() {
        double[] locations = {Math.log(10), Math.log(100)};
        double[] slopes = {1, 2};
        ThresholdPosterior posterior = ThresholdPosterior.of(locations, slopes, new double[] {1, 1, 1, 1});
        posterior.update(30, true);
        posterior.update(30, false);
        posterior.update(300, true);
        double[] expected = new double[4];
        double total = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double p30 = 1 / (1 + Math.pow(30 / Math.exp(locations[i]), -slopes[j]));
                double p300 = 1 / (1 + Math.pow(300 / Math.exp(locations[i]), -slopes[j]));
                expected[i * 2 + j] = p30 * (1 - p30) * p300;
                total += expected[i * 2 + j];
            }
        }
        double[] weights = posterior.weights();
        for (int c = 0; c < 4; c++) {
            assertEquals(expected[c] / total, weights[c], 1e-12, "cell " + c);
        }
    }

    @Test
    void theDesignNeverPicksASizeWhoseOutcomeIsCertain() {
        // all mass at N*50 ∈ {100, 120} with a steep slope: sizes far from there are certain successes or
        // failures, and only sizes near 110 can tell the two apart
        double[] locations = {Math.log(100), Math.log(120)};
        double[] slopes = {20};
        ThresholdPosterior posterior = ThresholdPosterior.of(locations, slopes, new double[] {1, 1});
        ThresholdPosterior.Design design = posterior.bestDesign(new long[] {1, 10, 50, 110, 500, 1000}, 4);
        assertEquals(110, design.trainSize(), "only N = 110 has an uncertain outcome: " + design);
        assertTrue(design.gainPerTrial() > 0);
        ThresholdPosterior certain = ThresholdPosterior.of(locations, slopes, new double[] {1, 1});
        ThresholdPosterior.Design far = certain.bestDesign(new long[] {1, 1000}, 4);
        assertEquals(0, far.gainPerTrial(), 1e-9, "certain outcomes gain nothing");
    }

    @Test
    void stopsOnceTheIntervalIsWithinTheToleranceAndNotBefore() {
        assertTrue(AdaptiveSearch.narrowEnough(new ThresholdPosterior.Credible(100, 80, 80 * 1.35 * 1.35), 0.35));
        assertTrue(!AdaptiveSearch.narrowEnough(new ThresholdPosterior.Credible(100, 80, 80 * 1.36 * 1.35), 0.35));
        // a deterministic threshold (every configuration succeeds from 150 on) makes the posterior narrow
        // quickly; the search must stop as credible, with the interval within the tolerance, under its budget
        List<SearchStep> trace = new ArrayList<>();
        SearchSettings roomy = new SearchSettings(4, 6, 0.35, false, SearchSettings.Method.ADAPTIVE, 400);
        SearchResult r = new AdaptiveSearch(roomy, 4, 0.16).run(620, List.of(),
                (index, n, count) -> step(index, n, count, n >= 150), trace::add);
        assertEquals(SearchResult.StopReason.CREDIBLE, r.stopReason());
        ThresholdPosterior.Credible median = AdaptiveSearch.replay(620, 0.35, r.trace()).median();
        assertTrue(AdaptiveSearch.narrowEnough(median, 0.35), "stopped narrow: " + median);
        List<ThresholdPosterior.Credible> path = AdaptiveSearch.intervalsAfterEachStep(620, 0.35,
                r.trace().subList(0, r.trace().size() - 1));
        assertTrue(!AdaptiveSearch.narrowEnough(path.get(path.size() - 1), 0.35), "and not one round earlier");
        assertTrue(median.lower() <= 150 && 149 <= median.upper(), "the interval holds the threshold: " + median);
        assertTrue(r.nStar() >= 100 && r.nStar() <= 160, "N* near the threshold: " + r);
    }

    @Test
    void stopsAtTheTrialBudget() {
        List<SearchStep> trace = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(5);
        SearchResult r = new AdaptiveSearch(ADAPTIVE, 4, 0.16).run(620, List.of(),
                (index, n, count) -> AdaptiveCoverage.step(index, n, count, 1.5, Math.log(80), random), trace::add);
        int trials = r.trace().stream().mapToInt(s -> s.trials().size()).sum();
        assertEquals(SearchResult.StopReason.TRIAL_LIMIT, r.stopReason(), "a shallow curve is not pinned down by 24");
        assertEquals(24, trials, "exactly the budget is spent");
        assertTrue(r.trace().stream().allMatch(s -> s.trials().size() <= 4), "no round trains more than the grid");
    }

    @Test
    void neverSucceedingIsNotLearnableAfterTheGridAtNMaxAsInTheBracketSearch() {
        SearchSettings roomy = new SearchSettings(4, 6, 0.35, false, SearchSettings.Method.ADAPTIVE, 200);
        SearchResult r = new AdaptiveSearch(roomy, 4, 0.16).run(620, List.of(),
                (index, n, count) -> step(index, n, count, false), s -> { });
        assertEquals(SearchResult.StopReason.NOT_LEARNABLE, r.stopReason());
        assertEquals(1, r.trace().size(), "one round: " + r.trace());
        assertEquals(620, r.trace().get(0).trainSize());
        assertEquals(4, r.trace().get(0).trials().size(), "every configuration of the grid at N_max");
    }

    @Test
    void stopsOnceTheMedianIsKnownToLieAboveNMax() {
        // N*50 = 800 > N_max: a configuration succeeds at 620 with probability 0.32, at smaller sizes less
        SplittableRandom random = new SplittableRandom(3);
        SearchResult r = new AdaptiveSearch(ADAPTIVE, 4, 0.16).run(620, List.of(),
                (index, n, count) -> AdaptiveCoverage.step(index, n, count, 3, Math.log(800), random), s -> { });
        assertEquals(SearchResult.StopReason.ABOVE_BUDGET, r.stopReason(), r.trace().toString());
        List<ThresholdPosterior.Credible> path = AdaptiveSearch.intervalsAfterEachStep(620, 0.35, r.trace());
        assertTrue(path.get(path.size() - 1).lower() > 620, "stopped with N*50 above N_max: " + path);
        assertTrue(path.get(path.size() - 2).lower() <= 620, "and not one round later: " + path);
        assertTrue(r.trace().stream().mapToInt(s -> s.trials().size()).sum() < 24, "before the trial limit");
        assertTrue(!r.bracketed());
    }

    @Test
    void theFirstRoundIsTheGridAtNMaxThenTheDesignTakesOver() {
        List<SearchStep> asked = new ArrayList<>();
        SearchResult r = new AdaptiveSearch(ADAPTIVE, 4, 0.16).run(620, List.of(), thresholdAt150(asked), st -> { });
        assertEquals(620, asked.get(0).trainSize());
        assertEquals(4, asked.get(0).trials().size());
        assertTrue(asked.size() > 1 && asked.subList(1, asked.size()).stream().allMatch(s -> s.trainSize() < 620),
                "after N_max succeeded, the design goes below it: " + asked);
        assertNotEquals(SearchResult.StopReason.NOT_LEARNABLE, r.stopReason());
    }

    @Test
    void storedFailuresOfTheWholeGridAtNMaxEndTheSearchWithoutTraining() {
        List<SearchStep> stored = List.of(new SearchStep(0, SearchStep.Phase.STORED, 620, false,
                step(0, 620, 4, false).trials()));
        SearchResult r = new AdaptiveSearch(ADAPTIVE, 4, 0.16).run(620, stored, (index, n, count) -> {
            throw new AssertionError("trained " + count + " at " + n);
        }, st -> { });
        assertEquals(SearchResult.StopReason.NOT_LEARNABLE, r.stopReason());
    }

    @Test
    void storedTrialsAtNMaxCountTowardsTheFirstRound() {
        // a resumed search killed after two of its four N_max trials were stored trains the other two there
        List<SearchStep> stored = List.of(new SearchStep(0, SearchStep.Phase.STORED, 620, false,
                step(0, 620, 2, false).trials()));
        List<SearchStep> asked = new ArrayList<>();
        new AdaptiveSearch(ADAPTIVE, 4, 0.16).run(620, stored, thresholdAt150(asked), st -> { });
        assertEquals(620, asked.get(0).trainSize());
        assertEquals(2, asked.get(0).trials().size());
    }

    @Test
    void aStoredSuccessAtNMaxCountsWhenTheRestOfTheFirstRoundFails() {
        // two stored trials at N_max, one of them a success; the two trained to complete the round fail
        List<TrialOutcome> stored = new ArrayList<>(step(0, 620, 1, true).trials());
        stored.addAll(step(0, 620, 1, false).trials());
        List<SearchStep> asked = new ArrayList<>();
        SearchResult r = new AdaptiveSearch(ADAPTIVE, 4, 0.16).run(620,
                List.of(new SearchStep(0, SearchStep.Phase.STORED, 620, true, stored)), (index, n, count) -> {
                    SearchStep s = step(index, n, count, false);
                    asked.add(s);
                    return s;
                }, st -> { });
        assertEquals(2, asked.get(0).trials().size());
        assertNotEquals(SearchResult.StopReason.NOT_LEARNABLE, r.stopReason(), "a configuration succeeded at N_max");
    }

    @Test
    void storedStepsAreUsedBeforeAnythingIsTrained() {
        // a bracket search's outcomes: failures at 25 and 100, successes at 620
        List<SearchStep> stored = new ArrayList<>();
        long[] sizes = {25, 100, 620};
        for (long n : sizes) {
            stored.add(new SearchStep(stored.size(), SearchStep.Phase.STORED, n, n >= 200,
                    step(0, n, 4, n >= 200).trials()));
        }
        List<SearchStep> asked = new ArrayList<>();
        new AdaptiveSearch(ADAPTIVE, 4, 0.16).run(620, stored, thresholdAt150(asked), st -> { });
        assertTrue(!asked.isEmpty());
        long first = asked.get(0).trainSize();
        assertTrue(first > 100 && first < 620, "the first round goes between the stored failure and success: " + first);
        assertEquals(stored.size(), asked.get(0).index(), "rounds are numbered after the stored steps");
    }

    @Test
    void coversTheTrueMedianInAtLeastNinetyPercentOfSimulatedSearches() {
        AdaptiveCoverage.Summary s = AdaptiveCoverage.run(200, 11, 24);
        assertTrue(s.coverage() >= 0.90, "coverage " + s);
        assertNotEquals(0, s.trials());
    }

    /** Every configuration succeeds from N = 150 on; each round trained is added to {@code asked}. */
    private static AdaptiveSearch.RoundTrial thresholdAt150(List<SearchStep> asked) {
        return (index, n, count) -> {
            SearchStep s = step(index, n, count, n >= 150);
            asked.add(s);
            return s;
        };
    }

    static SearchStep step(int index, long n, int count, boolean success) {
        List<TrialOutcome> trials = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            trials.add(new TrialOutcome("t-" + n + "-" + index + "-" + i, null, TrialOutcome.Status.TRAINED,
                    new TrialResult(success, 1, success ? 0 : 1, 0, 0, 0, null, Map.of())));
        }
        return new SearchStep(index, SearchStep.Phase.ADAPTIVE, n, success, trials);
    }
}
