package dev.statetrack.store;

import dev.statetrack.search.TrialOutcome;
import dev.statetrack.search.TrialRunner;
import dev.statetrack.train.Ensemble;
import dev.statetrack.train.TrialExecutor;
import dev.statetrack.train.TrialResult;
import dev.statetrack.train.TrialSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs ensembles through the run store: a stored trial is reused (so is a success that a stored run
 * with another step budget reached at an evaluation both share: the budget check's doubled searches
 * train only what the first searches did not settle), a trial another live process is
 * training is waited for, and the rest are claimed, trained together and committed one by one, with
 * the ensemble's size and the member's index as provenance. Cancelled trials are released unstored, so
 * a resumed search trains them again if it needs them.
 */
public final class StoredTrialRunner implements TrialRunner {

    private final RunStore store;
    private final TrialExecutor executor;
    private final int threadsPerWorker;
    private final Duration pollInterval;
    private final Consumer<TrialOutcome> listener;

    /**
     * @param threadsPerWorker recorded as provenance; the executor was built with it
     * @param pollInterval     how often to look again at a trial held by another process
     * @param listener         sees every outcome (progress reporting); called from worker threads
     */
    public StoredTrialRunner(RunStore store, TrialExecutor executor, int threadsPerWorker, Duration pollInterval,
                             Consumer<TrialOutcome> listener) {
        this.store = store;
        this.executor = executor;
        this.threadsPerWorker = threadsPerWorker;
        this.pollInterval = pollInterval;
        this.listener = listener;
    }

    @Override
    public List<TrialOutcome> run(Ensemble ensemble, BooleanSupplier cancelled) {
        List<TrialOutcome> outcomes = runOnce(ensemble, cancelled);
        outcomes.forEach(listener);
        return outcomes;
    }

    /** Stored, or shown by a stored run with another step budget (see {@link RunStore#deriveFromOtherBudget}). */
    @Override
    public Optional<TrialOutcome> stored(TrialSpec spec) {
        return store.find(CanonicalHash.trial(spec)).or(() -> store.deriveFromOtherBudget(spec))
                .map(StoredTrial::outcome);
    }

    /**
     * Claims what is neither stored nor held by another live process and trains it as one ensemble;
     * then waits for what others hold, and trains whatever of it they released. Under the search's rule
     * a success settles the sample size, so members still waiting then are cancelled.
     */
    private List<TrialOutcome> runOnce(Ensemble ensemble, BooleanSupplier cancelled) {
        List<TrialSpec> members = ensemble.members();
        TrialOutcome[] outcomes = new TrialOutcome[members.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            pending.add(i);
        }
        while (!pending.isEmpty()) {
            List<Integer> claimed = new ArrayList<>();
            List<Integer> heldElsewhere = new ArrayList<>();
            List<Integer> unstored = new ArrayList<>();
            // every stored outcome first: a stored success settles the size before anything is claimed
            for (int i : pending) {
                Optional<TrialOutcome> stored = stored(members.get(i));
                if (stored.isPresent()) {
                    outcomes[i] = stored.get();
                } else {
                    unstored.add(i);
                }
            }
            for (int i : unstored) {
                TrialSpec spec = members.get(i);
                if (cancelled.getAsBoolean() || settled(ensemble, outcomes)) {
                    outcomes[i] = TrialOutcome.cancelled(CanonicalHash.trial(spec), spec);
                } else {
                    switch (store.claim(CanonicalHash.trial(spec))) {
                        case CLAIMED -> claimed.add(i);
                        case HELD_ELSEWHERE -> heldElsewhere.add(i);
                        case STORED -> heldElsewhere.add(i);  // stored since we looked: read on the next round
                    }
                }
            }
            if (!claimed.isEmpty()) {
                train(ensemble, claimed, outcomes, cancelled);
            }
            pending = heldElsewhere;
            if (!pending.isEmpty()) {
                sleep();
            }
        }
        return List.of(outcomes);
    }

    private static boolean settled(Ensemble ensemble, TrialOutcome[] outcomes) {
        return ensemble.stopAtFirstSuccess()
                && Arrays.stream(outcomes).anyMatch(o -> o != null && o.succeeded());
    }

    private void train(Ensemble ensemble, List<Integer> claimed, TrialOutcome[] outcomes, BooleanSupplier cancelled) {
        List<TrialSpec> specs = claimed.stream().map(ensemble.members()::get).toList();
        Instant start = Instant.now();
        List<TrialResult> results;
        try {
            results = executor.execute(new Ensemble(specs, ensemble.stopAtFirstSuccess()), cancelled);
        } catch (RuntimeException | Error e) {
            // An executor that throws has a bug or a broken environment; that is not a trial outcome.
            specs.forEach(spec -> store.release(CanonicalHash.trial(spec)));
            throw e;
        }
        Instant end = Instant.now();
        for (int j = 0; j < specs.size(); j++) {
            TrialSpec spec = specs.get(j);
            String hash = CanonicalHash.trial(spec);
            TrialResult result = results.get(j);
            int i = claimed.get(j);
            if (result.cancelled()) {
                store.release(hash);
                outcomes[i] = TrialOutcome.cancelled(hash, spec);
            } else if (store.record(spec, result, Provenance.of(threadsPerWorker, specs.size(), j, start, end))) {
                outcomes[i] = new TrialOutcome(hash, spec, TrialOutcome.Status.TRAINED, result);
            } else {
                // Our claim was taken over as stale while we trained; the first stored outcome stands.
                outcomes[i] = store.find(hash).orElseThrow().outcome();
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for another process's trial");
        }
    }
}
