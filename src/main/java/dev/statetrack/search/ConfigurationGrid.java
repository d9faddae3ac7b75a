package dev.statetrack.search;

import dev.statetrack.train.Ensemble;
import dev.statetrack.train.TrialSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs the configurations (learning rate × seed) of one sample size as batched ensembles of at most
 * {@code maxEnsemble} members on a shared pool of workers. Several searches may share one grid; their
 * ensembles queue for the same workers.
 */
public final class ConfigurationGrid {

    /**
     * The paper's 15 configurations in one ensemble. Member-steps per second rose with E up to 15 at the
     * quick sizes (bench/RESULTS-ensemble.md); memory grows with E, which the dry run's estimate shows.
     */
    public static final int DEFAULT_MAX_ENSEMBLE = 16;

    private final TrialRunner runner;
    private final ExecutorService workers;
    private final int maxEnsemble;

    /** @param maxEnsemble most configurations trained together as one ensemble (1: each alone) */
    public ConfigurationGrid(TrialRunner runner, ExecutorService workers, int maxEnsemble) {
        if (maxEnsemble < 1) {
            throw new IllegalArgumentException("max-ensemble must be at least 1, got " + maxEnsemble);
        }
        this.runner = runner;
        this.workers = workers;
        this.maxEnsemble = maxEnsemble;
    }

    /**
     * Runs configurations until one succeeds: an ensemble stops at its first evaluation where a member
     * succeeds, its other members and running sibling ensembles are cancelled, and queued ensembles
     * never train. A success already stored settles the sample size before anything is started, so a
     * resumed search does not train siblings it would cancel anyway. Outcomes come back in the order of
     * {@code configurations}.
     */
    public List<TrialOutcome> runUntilSuccess(List<TrialSpec> configurations) {
        List<TrialOutcome> stored = configurations.stream().map(runner::stored).flatMap(Optional::stream).toList();
        if (stored.stream().anyMatch(TrialOutcome::succeeded)) {
            return runAll(configurations, true, () -> true, outcomes -> { });
        }
        AtomicBoolean settled = new AtomicBoolean();
        return runAll(configurations, true, settled::get, outcomes -> {
            if (outcomes.stream().anyMatch(TrialOutcome::succeeded)) {
                settled.set(true);
            }
        });
    }

    /**
     * Runs every configuration until it succeeds or spends its budget (length generalisation and success
     * rates compare all of them); in an ensemble, a member that succeeded stops while the others go on.
     */
    public List<TrialOutcome> runEvery(List<TrialSpec> configurations) {
        return runAll(configurations, false, () -> false, outcomes -> { });
    }

    private List<TrialOutcome> runAll(List<TrialSpec> configurations, boolean stopAtFirstSuccess,
                                      BooleanSupplier cancelled, Consumer<List<TrialOutcome>> seen) {
        List<Future<List<TrialOutcome>>> futures = new ArrayList<>();
        for (int from = 0; from < configurations.size(); from += maxEnsemble) {
            Ensemble ensemble = new Ensemble(
                    configurations.subList(from, Math.min(configurations.size(), from + maxEnsemble)),
                    stopAtFirstSuccess);
            futures.add(workers.submit(() -> {
                List<TrialOutcome> outcomes = runner.run(ensemble, cancelled);
                seen.accept(outcomes);
                return outcomes;
            }));
        }
        List<TrialOutcome> outcomes = new ArrayList<>();
        try {
            for (Future<List<TrialOutcome>> f : futures) {
                outcomes.addAll(f.get());
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for trials");
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("trial failed: " + e.getCause(), e.getCause());
        }
        return outcomes;
    }
}
