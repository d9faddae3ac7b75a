package dev.statetrack.search;

import dev.statetrack.train.TrialSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Runs the configurations (learning rate × seed) of one sample size in parallel on a shared pool of
 * workers. Several searches may share one grid; their trials queue for the same workers.
 */
public final class ConfigurationGrid {

    private final TrialRunner runner;
    private final ExecutorService workers;

    public ConfigurationGrid(TrialRunner runner, ExecutorService workers) {
        this.runner = runner;
        this.workers = workers;
    }

    /**
     * Runs configurations until one succeeds; then running siblings are cancelled and queued ones
     * never train. A success already stored settles the sample size before anything is started, so
     * a resumed search does not train siblings it would cancel anyway. Outcomes come back in the
     * order of {@code configurations}.
     */
    public List<TrialOutcome> runUntilSuccess(List<TrialSpec> configurations) {
        List<TrialOutcome> stored = configurations.stream().map(runner::stored).flatMap(Optional::stream).toList();
        if (stored.stream().anyMatch(TrialOutcome::succeeded)) {
            return runAll(configurations, spec -> runner.run(spec, () -> true));
        }
        AtomicBoolean settled = new AtomicBoolean();
        return runAll(configurations, spec -> {
            TrialOutcome outcome = runner.run(spec, settled::get);
            if (outcome.succeeded()) {
                settled.set(true);
            }
            return outcome;
        });
    }

    /** Runs every configuration to the end (length generalisation compares all of them). */
    public List<TrialOutcome> runEvery(List<TrialSpec> configurations) {
        return runAll(configurations, spec -> runner.run(spec, () -> false));
    }

    private List<TrialOutcome> runAll(List<TrialSpec> configurations,
                                      Function<TrialSpec, TrialOutcome> task) {
        List<Future<TrialOutcome>> futures = new ArrayList<>();
        for (TrialSpec spec : configurations) {
            futures.add(workers.submit(() -> task.apply(spec)));
        }
        List<TrialOutcome> outcomes = new ArrayList<>();
        try {
            for (Future<TrialOutcome> f : futures) {
                outcomes.add(f.get());
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
