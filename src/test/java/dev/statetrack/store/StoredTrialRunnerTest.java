package dev.statetrack.store;

import dev.statetrack.model.ModelSpec;
import dev.statetrack.search.TrialOutcome;
import dev.statetrack.task.Format;
import dev.statetrack.task.LengthDistribution;
import dev.statetrack.testing.ThresholdExecutor;
import dev.statetrack.train.TrialSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

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

    @Test
    void storedTrialsAreReusedNotRetrained() {
        ThresholdExecutor executor = new ThresholdExecutor(s -> 12, 0);
        Path file = dir.resolve("runs.sqlite");
        try (RunStore store = RunStore.open(file)) {
            specs(4).forEach(s -> assertEquals(TrialOutcome.Status.TRAINED, runner(store, executor).run(s, () -> false).status()));
        }
        try (RunStore store = RunStore.open(file)) {
            for (TrialSpec s : specs(4)) {
                TrialOutcome again = runner(store, executor).run(s, () -> true);
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
            TrialOutcome first = runner(store, executor).run(spec, () -> polls.incrementAndGet() > 3);
            assertEquals(TrialOutcome.Status.CANCELLED, first.status());
            assertTrue(System.currentTimeMillis() - t0 < 1_500, "stopped early");
            assertTrue(store.find(first.hash()).isEmpty());
            assertEquals(RunStore.Claim.CLAIMED, store.claim(first.hash()), "the claim was released");
            store.release(first.hash());
        }
        try (RunStore store = RunStore.open(file)) {
            TrialOutcome resumed = runner(store, executor).run(spec, () -> false);
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
                broken.run(spec, () -> false);
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
                        futures.add(threads.submit(() -> runner(store, executor).run(s, () -> false)));
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

}
