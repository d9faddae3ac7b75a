package dev.statetrack.train;

import dev.statetrack.model.ModelSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Trials on different threads of one JVM neither disturb each other nor share thread settings. */
class ConcurrencyTest {

    @Test
    void twoConcurrentSingleThreadTrialsMatchSoloRuns() throws Exception {
        ModelSpec lstm = ModelSpec.lstm(1, 16, 8);
        ModelSpec transformer = ModelSpec.transformer(1, 16, 2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Integer> soloLstm = pool.submit(trajectory(lstm, 1, null)).get();
            List<Integer> soloTransformer = pool.submit(trajectory(transformer, 2, null)).get();
            CyclicBarrier start = new CyclicBarrier(2);
            Future<List<Integer>> concurrentLstm = pool.submit(trajectory(lstm, 1, start));
            Future<List<Integer>> concurrentTransformer = pool.submit(trajectory(transformer, 2, start));
            assertEquals(soloLstm, concurrentLstm.get());
            assertEquals(soloTransformer, concurrentTransformer.get());
        } finally {
            pool.shutdownNow();
        }
    }

    /** OpenMP keeps the thread count per OS thread: a later setting on another thread does not change ours. */
    @Test
    void intraOpThreadCountBelongsToTheCallingThread() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier bothSet = new CyclicBarrier(2);
            Future<Integer> two = pool.submit(threadsAfterOtherSets(2, bothSet));
            Future<Integer> one = pool.submit(threadsAfterOtherSets(1, bothSet));
            assertEquals(2, two.get());
            assertEquals(1, one.get());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Callable<Integer> threadsAfterOtherSets(int threads, CyclicBarrier bothSet) {
        return () -> {
            IntraOpThreads.use(threads);
            bothSet.await();
            return IntraOpThreads.current();
        };
    }

    private static Callable<List<Integer>> trajectory(ModelSpec spec, long seed, CyclicBarrier start) {
        return () -> {
            IntraOpThreads.use(1);
            if (start != null) {
                start.await();
            }
            return TestTrials.lossTrajectory(spec, seed, 60);
        };
    }
}
