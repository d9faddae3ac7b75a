package dev.statetrack.study;

import dev.statetrack.search.SearchStep;
import dev.statetrack.search.TrialOutcome;
import dev.statetrack.store.StoredSearch;
import dev.statetrack.store.StoredTrial;
import dev.statetrack.train.PruneRule;
import dev.statetrack.train.TrialResult;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a pruning rule would have done to the trials of an unpruned study: it is replayed on each
 * trained trial's stored curve (its validation loss at every evaluation, up to its success or its full
 * budget). A pruned run is the unpruned run up to its stop (the rule reads only the member's own curve),
 * so the replay's stop steps are the live run's.
 *
 * @param replayed       trained trials without a rule, with a curve (derived and pruned trials are left out)
 * @param stopSteps      trial hash → the step the rule stops it at, for every trial it stops (misses included)
 * @param failureSteps   optimisation steps the replayed failures ran
 * @param stepsSaved     steps the rule saves on failures: their steps run minus their stop step
 * @param allSteps       optimisation steps every replayed trial ran
 * @param misses         successes the rule stops before they reach ε
 * @param changedSearches searches with a sample size whose every success is a miss: the size would fail,
 *                       and N* would change (the search would take another path from there)
 */
public record PruneReplay(PruneRule rule, int replayed, int failures, Map<String, Integer> stopSteps,
                          long failureSteps, long stepsSaved, long allSteps, List<Miss> misses,
                          List<ChangedSearch> changedSearches) {

    /** A success the rule would have stopped at {@code stopStep}, before its success at {@code successStep}. */
    public record Miss(StoredTrial trial, int stopStep, int successStep) {
    }

    /** @param trainSize the first size, in search order, that would turn from success to failure */
    public record ChangedSearch(String searchId, String label, long nStar, long trainSize) {
    }

    public static PruneReplay of(List<StoredTrial> trials, List<StoredSearch> searches, PruneRule rule) {
        Map<String, Integer> stopSteps = new LinkedHashMap<>();
        List<Miss> misses = new ArrayList<>();
        int replayed = 0;
        int failures = 0;
        long failureSteps = 0;
        long saved = 0;
        long all = 0;
        for (StoredTrial t : trials) {
            TrialResult r = t.result();
            if (t.derivedFrom() != null || t.spec().prune() != null || r.curve().isEmpty()) {
                continue;
            }
            replayed++;
            all += r.steps();
            if (!r.success()) {
                failures++;
                failureSteps += r.steps();
            }
            OptionalInt stop = rule.stopStep(r.curve(), t.spec().epsilon());
            if (stop.isEmpty()) {
                continue;
            }
            stopSteps.put(t.hash(), stop.getAsInt());
            if (r.success()) {
                misses.add(new Miss(t, stop.getAsInt(), r.steps()));
            } else {
                saved += r.steps() - stop.getAsInt();
            }
        }
        Set<String> missed = misses.stream().map(m -> m.trial().hash()).collect(Collectors.toCollection(HashSet::new));
        // a success read off a missed run with another budget is that run up to its success: missed too
        trials.stream().filter(t -> t.derivedFrom() != null && missed.contains(t.derivedFrom()))
                .forEach(t -> missed.add(t.hash()));
        List<ChangedSearch> changed = new ArrayList<>();
        for (StoredSearch s : searches) {
            if (s.result() == null) {
                continue;
            }
            for (SearchStep step : s.trace()) {
                List<TrialOutcome> successes = step.trials().stream()
                        .filter(o -> o.result() != null && o.result().success()).toList();
                if (!successes.isEmpty() && successes.stream().allMatch(o -> missed.contains(o.hash()))) {
                    changed.add(new ChangedSearch(s.searchId(), s.label(), s.result().nStar(), step.trainSize()));
                    break;
                }
            }
        }
        return new PruneReplay(rule, replayed, failures, Map.copyOf(stopSteps), failureSteps, saved, all,
                List.copyOf(misses), List.copyOf(changed));
    }

    /** Failures the rule stops. */
    public long stoppedFailures() {
        return stopSteps.size() - misses.size();
    }
}
