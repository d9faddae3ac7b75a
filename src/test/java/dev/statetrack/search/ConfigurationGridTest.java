package dev.statetrack.search;

import dev.statetrack.model.ModelSpec;
import dev.statetrack.task.Format;
import dev.statetrack.task.LengthDistribution;
import dev.statetrack.train.Ensemble;
import dev.statetrack.train.TrialResult;
import dev.statetrack.train.TrialSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigurationGridTest {

    private static List<TrialSpec> configurations(int count) {
        List<TrialSpec> specs = new ArrayList<>();
        for (int seed = 0; seed < count; seed++) {
            specs.add(new TrialSpec("Z3", Format.OUTCOME, LengthDistribution.UNIFORM, 4, 100,
                    ModelSpec.lstm(1, 8, 8), 1e-3, seed, 100, 8, 1e-3, 10, 0));
        }
        return specs;
    }

    private static TrialResult result(boolean success, String failure) {
        return new TrialResult(success, 10, 0.1, 0.5, 1, 1, failure, Map.of());
    }

    @Test
    void aSuccessCancelsRunningSiblingsAndQueuedOnesNeverStart() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(2);
        Set<Long> started = ConcurrentHashMap.newKeySet();
        CountDownLatch siblingRunning = new CountDownLatch(1);
        TrialRunner runner = alone((spec, cancelled) -> {
            if (cancelled.getAsBoolean()) {
                return TrialOutcome.cancelled("h" + spec.seed(), spec);
            }
            started.add(spec.seed());
            if (spec.seed() == 0) {
                await(siblingRunning);  // succeed only once seed 1 is surely running
                return new TrialOutcome("h0", spec, TrialOutcome.Status.TRAINED, result(true, null));
            }
            siblingRunning.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                if (cancelled.getAsBoolean()) {
                    return TrialOutcome.cancelled("h" + spec.seed(), spec);
                }
                Thread.onSpinWait();
            }
            return new TrialOutcome("h" + spec.seed(), spec, TrialOutcome.Status.TRAINED, result(false, null));
        });
        long t0 = System.nanoTime();
        List<TrialOutcome> outcomes = new ConfigurationGrid(runner, workers, 1).runUntilSuccess(configurations(6));
        workers.shutdownNow();

        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "the running sibling stopped early");
        assertEquals(Set.of(0L, 1L), started, "queued configurations never started");
        assertEquals(TrialOutcome.Status.TRAINED, outcomes.get(0).status());
        for (int i = 1; i < 6; i++) {
            assertEquals(TrialOutcome.Status.CANCELLED, outcomes.get(i).status(), "configuration " + i);
        }
    }

    @Test
    void withoutASuccessEveryConfigurationRunsToTheEnd() {
        ExecutorService workers = Executors.newFixedThreadPool(2);
        TrialRunner runner = alone((spec, cancelled) ->
                new TrialOutcome("h" + spec.seed(), spec, TrialOutcome.Status.TRAINED, result(false, null)));
        List<TrialOutcome> outcomes = new ConfigurationGrid(runner, workers, 1).runUntilSuccess(configurations(5));
        workers.shutdownNow();
        assertEquals(5, outcomes.size());
        outcomes.forEach(o -> assertEquals(TrialOutcome.Status.TRAINED, o.status()));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), outcomes.stream().map(o -> o.spec().seed()).toList(), "grid order");
    }

    @Test
    void aStoredSuccessSettlesTheSampleSizeWithoutTrainingAnything() {
        ExecutorService workers = Executors.newFixedThreadPool(2);
        Set<Long> trained = ConcurrentHashMap.newKeySet();
        TrialRunner resumed = new TrialRunner() {
            @Override
            public List<TrialOutcome> run(Ensemble ensemble, BooleanSupplier cancelled) {
                return List.of(runAlone(ensemble.members().get(0), cancelled));
            }

            private TrialOutcome runAlone(TrialSpec spec, BooleanSupplier cancelled) {
                java.util.Optional<TrialOutcome> s = stored(spec);
                if (s.isPresent()) {
                    return s.get();
                }
                if (cancelled.getAsBoolean()) {
                    return TrialOutcome.cancelled("h" + spec.seed(), spec);
                }
                trained.add(spec.seed());
                return new TrialOutcome("h" + spec.seed(), spec, TrialOutcome.Status.TRAINED, result(false, null));
            }

            @Override
            public java.util.Optional<TrialOutcome> stored(TrialSpec spec) {
                return spec.seed() == 3
                        ? java.util.Optional.of(new TrialOutcome("h3", spec, TrialOutcome.Status.STORED, result(true, null)))
                        : java.util.Optional.empty();
            }
        };
        List<TrialOutcome> outcomes = new ConfigurationGrid(resumed, workers, 1).runUntilSuccess(configurations(5));
        workers.shutdownNow();
        assertEquals(Set.of(), trained, "configurations before the stored success in grid order did not train");
        assertEquals(TrialOutcome.Status.STORED, outcomes.get(3).status());
        assertEquals(4, outcomes.stream().filter(o -> o.status() == TrialOutcome.Status.CANCELLED).count());
    }

    @Test
    void configurationsGoToEnsemblesOfAtMostMaxEnsembleInGridOrder() {
        ExecutorService workers = Executors.newFixedThreadPool(2);
        List<List<Long>> ensembles = java.util.Collections.synchronizedList(new ArrayList<>());
        TrialRunner runner = (ensemble, cancelled) -> {
            ensembles.add(ensemble.members().stream().map(TrialSpec::seed).toList());
            assertTrue(ensemble.stopAtFirstSuccess());
            return ensemble.members().stream().map(spec ->
                    new TrialOutcome("h" + spec.seed(), spec, TrialOutcome.Status.TRAINED, result(false, null))).toList();
        };
        List<TrialOutcome> outcomes = new ConfigurationGrid(runner, workers, 2).runUntilSuccess(configurations(5));
        workers.shutdownNow();
        assertEquals(Set.of(List.of(0L, 1L), List.of(2L, 3L), List.of(4L)), Set.copyOf(ensembles));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), outcomes.stream().map(o -> o.spec().seed()).toList(), "grid order");
    }

    @Test
    void runEveryAsksEnsemblesToRunEachMemberToItsOwnEnd() {
        ExecutorService workers = Executors.newFixedThreadPool(1);
        TrialRunner runner = (ensemble, cancelled) -> {
            assertFalse(ensemble.stopAtFirstSuccess());
            assertFalse(cancelled.getAsBoolean());
            return ensemble.members().stream().map(spec ->
                    new TrialOutcome("h" + spec.seed(), spec, TrialOutcome.Status.TRAINED, result(true, null))).toList();
        };
        List<TrialOutcome> outcomes = new ConfigurationGrid(runner, workers, 4).runEvery(configurations(6));
        workers.shutdownNow();
        assertEquals(6, outcomes.stream().filter(TrialOutcome::succeeded).count());
    }

    /** Each ensemble holds one configuration (max-ensemble 1), run by {@code trial}. */
    private static TrialRunner alone(java.util.function.BiFunction<TrialSpec, BooleanSupplier, TrialOutcome> trial) {
        return (ensemble, cancelled) -> {
            assertEquals(1, ensemble.size());
            return List.of(trial.apply(ensemble.members().get(0), cancelled));
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
