package dev.statetrack.store;

import dev.statetrack.search.TrialOutcome;
import dev.statetrack.search.TrialRunner;
import dev.statetrack.train.TrialExecutor;
import dev.statetrack.train.TrialResult;
import dev.statetrack.train.TrialSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs trials through the run store: a stored trial is reused, a trial another live process is
 * training is waited for, and anything else is claimed, trained and committed. Cancelled trials are
 * released unstored, so a resumed search trains them again if it needs them.
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
    public TrialOutcome run(TrialSpec spec, BooleanSupplier cancelled) {
        TrialOutcome outcome = runOnce(spec, cancelled);
        listener.accept(outcome);
        return outcome;
    }

    @Override
    public Optional<TrialOutcome> stored(TrialSpec spec) {
        String hash = CanonicalHash.trial(spec);
        return store.find(hash).map(t -> new TrialOutcome(hash, spec, TrialOutcome.Status.STORED, t.result()));
    }

    private TrialOutcome runOnce(TrialSpec spec, BooleanSupplier cancelled) {
        String hash = CanonicalHash.trial(spec);
        while (true) {
            Optional<TrialOutcome> stored = stored(spec);
            if (stored.isPresent()) {
                return stored.get();
            }
            if (cancelled.getAsBoolean()) {
                return TrialOutcome.cancelled(hash, spec);
            }
            RunStore.Claim claim = store.claim(hash);
            if (claim == RunStore.Claim.CLAIMED) {
                break;
            }
            if (claim == RunStore.Claim.HELD_ELSEWHERE) {
                sleep();
            }
        }
        Instant start = Instant.now();
        TrialResult result;
        try {
            result = executor.execute(spec, cancelled);
        } catch (RuntimeException | Error e) {
            // An executor that throws has a bug or a broken environment; that is not a trial outcome.
            store.release(hash);
            throw e;
        }
        if (result.cancelled()) {
            store.release(hash);
            return TrialOutcome.cancelled(hash, spec);
        }
        if (!store.record(spec, result, Provenance.of(threadsPerWorker, start, Instant.now()))) {
            // Our claim was taken over as stale while we trained; the first stored outcome stands.
            return new TrialOutcome(hash, spec, TrialOutcome.Status.STORED, store.find(hash).orElseThrow().result());
        }
        return new TrialOutcome(hash, spec, TrialOutcome.Status.TRAINED, result);
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
