package dev.statetrack.study;

import dev.statetrack.search.SearchResult;
import dev.statetrack.search.SearchStep;
import dev.statetrack.search.TrialOutcome;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What the finished searches of a study cost, against what the same searches would have cost with
 * no early stop and no cancellation (every configuration of every sample size tried run to the full
 * step budget). Trials shared by two searches count once; a trial read off a stored run with another
 * budget ran nothing of its own and counts only in what the searches would have cost. Cancelled trials
 * leave no stored outcome, so the partial steps they ran before being stopped are not counted (at most
 * one trial's budget each).
 */
public record SearchCost(int searches, int sampleSizesTried, long stepsWithoutEarlyStop, long stepsExecuted,
                         int trialsRun, int trialsCancelled, long trialWallMillis) {

    public static SearchCost of(StudyResults results) {
        Tally tally = new Tally();
        for (StudyPlan.PlannedSearch planned : results.plan().allSearches()) {
            results.result(planned).ifPresent(r -> tally.add(r, planned.training().steps()));
        }
        return tally.cost();
    }

    /** What one finished search cost. */
    public static SearchCost of(SearchResult result, TrainingGrid training) {
        Tally tally = new Tally();
        tally.add(result, training.steps());
        return tally.cost();
    }

    private static final class Tally {
        private int searches;
        private int sizes;
        private long withoutEarlyStop;
        private long steps;
        private int run;
        private int cancelled;
        private long wall;
        private final Set<String> counted = new HashSet<>();

        void add(SearchResult result, int budget) {
            searches++;
            sizes += result.trace().size();
            for (SearchStep step : result.trace()) {
                // a bracket step lists every configuration, cancelled or not; an adaptive round those it chose
                withoutEarlyStop += (long) step.trials().size() * budget;
                for (TrialOutcome t : step.trials()) {
                    if (t.status() == TrialOutcome.Status.CANCELLED) {
                        cancelled++;
                    } else if (t.status() != TrialOutcome.Status.DERIVED && counted.add(t.hash())) {
                        run++;
                        steps += t.result().steps();
                        wall += t.result().wallMillis();
                    }
                }
            }
        }

        SearchCost cost() {
            return new SearchCost(searches, sizes, withoutEarlyStop, steps, run, cancelled, wall);
        }
    }

    public String describe() {
        double share = stepsWithoutEarlyStop == 0 ? 0 : 100.0 * stepsExecuted / stepsWithoutEarlyStop;
        return String.format(Locale.ROOT,
                "Search cost: %d finished searches tried %d sample sizes; their %d trials ran %,d optimisation steps "
                        + "(%.1f%% of the %,d that every configuration of every size tried would take with no early "
                        + "stop and no cancellation; %d trials were cancelled or never started) in %s of training "
                        + "time, summed over workers.",
                searches, sampleSizesTried, trialsRun, stepsExecuted, share, stepsWithoutEarlyStop, trialsCancelled,
                Progress.duration(trialWallMillis));
    }
}
