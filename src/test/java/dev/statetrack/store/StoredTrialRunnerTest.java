package dev.statetrack.store;

import dev.statetrack.model.ModelSpec;
import dev.statetrack.search.TrialOutcome;
import dev.statetrack.task.Format;
import dev.statetrack.task.LengthDistribution;
import dev.statetrack.testing.ThresholdExecutor;
import dev.statetrack.train.Ensemble;
import dev.statetrack.train.TrialExecutor;
import dev.statetrack.train.TrialResult;
import dev.statetrack.train.TrialSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoredTrialRunnerTest {

    @TempDir
    Path dir;

    private static List<TrialSpec> specs(int count) {
        List<TrialSpec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            specs.add(new TrialSpec("Z3", Format.ACOT, LengthDistribution.FIXED, 4, 10 + i, ModelSpec.denseSsm(8, false),
                    1e-3, 10, 50, 8, 1e-3, 10, 0));
        }
        return specs;
    }

    private static StoredTrialRunner runner(RunStore store, ThresholdExecutor executor) {
        return new StoredTrialRunner(store, executor, 1, Duration.ofMillis(20), o -> { });
    }

    private static TrialOutcome runOne(StoredTrialRunner runner, TrialSpec spec, BooleanSupplier cancelled) {
        return runner.run(Ensemble.of(spec), cancelled).get(0);
    }

    /** Four configurations of one sample size (seeds 10..40). */
    private static List<TrialSpec> configurations() {
        TrialSpec base = specs(1).get(0);
        List<TrialSpec> configurations = new ArrayList<>();
        for (long seed = 10; seed <= 40; seed += 10) {
            configurations.add(base.withConfiguration(1e-3, seed));
        }
        return configurations;
    }

    /** Fails every trial here (N < 1000) and records the seeds of each ensemble it trains. */
    private static TrialExecutor failingRecordingSeeds(List<List<Long>> trained) {
        ThresholdExecutor threshold = new ThresholdExecutor(s -> 1000, 0);
        return (ensemble, cancelled) -> {
            trained.add(ensemble.members().stream().map(TrialSpec::seed).toList());
            return threshold.execute(ensemble, cancelled);
        };
    }

    @Test
    void onlyUnstoredMembersTrainTogetherAndRecordTheirEnsembleAsProvenance() {
        List<List<Long>> trainedTogether = new ArrayList<>();
        TrialExecutor recording = failingRecordingSeeds(trainedTogether);
        List<TrialSpec> configurations = configurations();
        try (RunStore store = RunStore.open(dir.resolve("runs.sqlite"))) {
            StoredTrialRunner runner = new StoredTrialRunner(store, recording, 1, Duration.ofMillis(20), o -> { });
            runOne(runner, configurations.get(1), () -> false);
            runOne(runner, configurations.get(3), () -> false);
            List<TrialOutcome> outcomes = runner.run(new Ensemble(configurations, true), () -> false);
            assertEquals(List.of(List.of(20L), List.of(40L), List.of(10L, 30L)), trainedTogether);
            assertEquals(List.of(TrialOutcome.Status.TRAINED, TrialOutcome.Status.STORED, TrialOutcome.Status.TRAINED,
                    TrialOutcome.Status.STORED), outcomes.stream().map(TrialOutcome::status).toList());
            Provenance p = store.find(CanonicalHash.trial(configurations.get(2))).orElseThrow().provenance();
            assertEquals(2, p.ensembleSize());
            assertEquals(1, p.ensembleMember());
        }
    }

    @Test
    void aMemberHeldByAnotherProcessIsWaitedForAndItsOutcomeReused() throws Exception {
        ThresholdExecutor executor = new ThresholdExecutor(s -> 0, 0);
        List<TrialSpec> configurations = configurations();
        Path file = dir.resolve("runs.sqlite");
        try (RunStore mine = RunStore.open(file); RunStore other = RunStore.open(file)) {
            String held = CanonicalHash.trial(configurations.get(0));
            assertEquals(RunStore.Claim.CLAIMED, other.claim(held));
            Thread finisher = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
                other.record(configurations.get(0), succeeded(), Provenance.of(1, 1, 0, java.time.Instant.now(),
                        java.time.Instant.now()));
            });
            finisher.start();
            List<TrialOutcome> outcomes = runner(mine, executor).run(new Ensemble(configurations, false), () -> false);
            finisher.join();
            assertEquals(TrialOutcome.Status.STORED, outcomes.get(0).status(), "the other process's outcome");
            for (int i = 1; i < 4; i++) {
                assertEquals(TrialOutcome.Status.TRAINED, outcomes.get(i).status());
            }
            assertEquals(0, executor.executions.getOrDefault(configurations.get(0), new AtomicInteger()).get());
        }
    }

    private static dev.statetrack.train.TrialResult succeeded() {
        return new dev.statetrack.train.TrialResult(true, 10, 0.1, 1.0, 1, 1, null, Map.of());
    }

    @Test
    void storedTrialsAreReusedNotRetrained() {
        ThresholdExecutor executor = new ThresholdExecutor(s -> 12, 0);
        Path file = dir.resolve("runs.sqlite");
        try (RunStore store = RunStore.open(file)) {
            specs(4).forEach(s -> assertEquals(TrialOutcome.Status.TRAINED, runOne(runner(store, executor), s, () -> false).status()));
        }
        try (RunStore store = RunStore.open(file)) {
            for (TrialSpec s : specs(4)) {
                TrialOutcome again = runOne(runner(store, executor), s, () -> true);
                assertEquals(TrialOutcome.Status.STORED, again.status(), "stored even when cancelled: a fact is a fact");
                assertEquals(s.trainSize() >= 12, again.succeeded());
            }
        }
        assertEquals(4, executor.totalExecutions());
    }

    @Test
    void aCancelledTrialIsNotStoredAndRunsAgainOnResume() {
        ThresholdExecutor executor = new ThresholdExecutor(s -> 0, 2_000);
        TrialSpec spec = specs(1).get(0);
        Path file = dir.resolve("runs.sqlite");
        try (RunStore store = RunStore.open(file)) {
            long t0 = System.currentTimeMillis();
            AtomicInteger polls = new AtomicInteger();
            TrialOutcome first = runOne(runner(store, executor), spec, () -> polls.incrementAndGet() > 3);
            assertEquals(TrialOutcome.Status.CANCELLED, first.status());
            assertTrue(System.currentTimeMillis() - t0 < 1_500, "stopped early");
            assertTrue(store.find(first.hash()).isEmpty());
            assertEquals(RunStore.Claim.CLAIMED, store.claim(first.hash()), "the claim was released");
            store.release(first.hash());
        }
        try (RunStore store = RunStore.open(file)) {
            TrialOutcome resumed = runOne(runner(store, executor), spec, () -> false);
            assertEquals(TrialOutcome.Status.TRAINED, resumed.status());
            assertTrue(resumed.succeeded());
        }
        assertEquals(2, executor.totalExecutions());
    }

    @Test
    void anExecutorThatThrowsLeavesNothingBehind() {
        TrialSpec spec = specs(1).get(0);
        try (RunStore store = RunStore.open(dir.resolve("runs.sqlite"))) {
            StoredTrialRunner broken = new StoredTrialRunner(store, (s, c) -> {
                throw new IllegalStateException("no engine");
            }, 1, Duration.ofMillis(20), o -> { });
            try {
                runOne(broken, spec, () -> false);
            } catch (IllegalStateException expected) {
                assertEquals("no engine", expected.getMessage());
            }
            String hash = CanonicalHash.trial(spec);
            assertTrue(store.find(hash).isEmpty());
            assertEquals(RunStore.Claim.CLAIMED, store.claim(hash));
        }
    }

    @Test
    void twoStoresOnOneFileWithManyThreadsNeverRunATrialTwice() throws Exception {
        ThresholdExecutor executor = new ThresholdExecutor(s -> 15, 30);
        Path file = dir.resolve("runs.sqlite");
        List<TrialSpec> specs = specs(12);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (RunStore a = RunStore.open(file); RunStore b = RunStore.open(file)) {
            List<Future<TrialOutcome>> futures = new ArrayList<>();
            for (RunStore store : List.of(a, b)) {
                for (int copy = 0; copy < 2; copy++) {
                    List<TrialSpec> shuffled = new ArrayList<>(specs);
                    Collections.shuffle(shuffled);
                    for (TrialSpec s : shuffled) {
                        futures.add(threads.submit(() -> runOne(runner(store, executor), s, () -> false)));
                    }
                }
            }
            for (Future<TrialOutcome> f : futures) {
                TrialOutcome o = f.get();
                assertEquals(o.spec().trainSize() >= 15, o.succeeded(), "every caller sees the one outcome");
            }
            assertEquals(specs.size(), a.trials().size());
        } finally {
            threads.shutdownNow();
        }
        assertEquals(specs.size(), executor.executions.size());
        for (Map.Entry<TrialSpec, AtomicInteger> e : executor.executions.entrySet()) {
            assertEquals(1, e.getValue().get(), "trained once: " + e.getKey());
        }
        assertEquals(0, RunStoreTest.count(file, "claims"), "no claim is left behind");
    }

    @Test
    void aStoredSuccessAnywhereInTheEnsembleSettlesItBeforeAnythingIsTrained() {
        List<List<Long>> trained = new ArrayList<>();
        TrialExecutor recording = failingRecordingSeeds(trained);
        List<TrialSpec> configurations = configurations();
        try (RunStore store = RunStore.open(dir.resolve("runs.sqlite"))) {
            store.record(configurations.get(2), new TrialResult(true, 20, 1e-4, 1.0, 5, 100, null, Map.of()),
                    Provenance.of(1, 1, 0, Instant.now(), Instant.now()));
            StoredTrialRunner runner = new StoredTrialRunner(store, recording, 1, Duration.ofMillis(20), o -> { });
            List<TrialOutcome> outcomes = runner.run(new Ensemble(configurations, true), () -> false);
            assertEquals(List.of(), trained);
            assertEquals(List.of(TrialOutcome.Status.CANCELLED, TrialOutcome.Status.CANCELLED,
                    TrialOutcome.Status.STORED, TrialOutcome.Status.CANCELLED),
                    outcomes.stream().map(TrialOutcome::status).toList());
        }
    }
}
