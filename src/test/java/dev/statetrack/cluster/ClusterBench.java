package dev.statetrack.cluster;

import dev.statetrack.model.ModelSpec;
import dev.statetrack.task.Format;
import dev.statetrack.task.LengthDistribution;
import dev.statetrack.train.Ensemble;
import dev.statetrack.train.LocalTrialExecutor;
import dev.statetrack.train.TrialExecutor;
import dev.statetrack.train.TrialSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures what the cluster costs against training in this JVM, on tiny trials (dense SSM, state 8,
 * Z3, L = 3) that take every step: the overhead per trial (one trial at a time, cluster minus local)
 * and the throughput of two at a time, a 2-worker x 1-core standalone cluster on 127.0.0.1 against
 * the local executor with 2 workers. Run by bench/spark-bench.sh; not a test.
 */
public final class ClusterBench {

    private ClusterBench() {
    }

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        TrialExecutor local = new LocalTrialExecutor(1);
        run(local, 2, 2, steps, 0);  // engine start and JIT, outside the measurement
        double localOne = run(local, trials, 1, steps, 1000);
        double localTwo = run(local, trials, 2, steps, 2000);

        Path dir = Files.createTempDirectory("statetrack-spark-bench");
        LocalSparkCluster.driverProperties().forEach(System::setProperty);
        try (LocalSparkCluster cluster = LocalSparkCluster.start(dir, 2, "1g");
             SparkTrialExecutor spark = SparkTrialExecutor.connect(cluster.masterUrl(), "statetrack bench", 1)) {
            run(spark, 4, 2, steps, 3000);  // both executors started, each with its engine loaded
            double sparkOne = run(spark, trials, 1, steps, 4000);
            double sparkTwo = run(spark, trials, 2, steps, 5000);
            System.out.printf(Locale.ROOT, "%d trials of %d steps each (dense-ssm state 8, Z3, L=3)%n", trials, steps);
            System.out.printf(Locale.ROOT, "one at a time: local %.1f ms/trial, cluster %.1f ms/trial, overhead %.1f ms/trial%n",
                    localOne, sparkOne, sparkOne - localOne);
            System.out.printf(Locale.ROOT, "two at a time: local (2 workers) %.2f trials/s, cluster (2 workers x 1 core) "
                    + "%.2f trials/s, ratio %.2f%n", 1000 / localTwo, 1000 / sparkTwo, localTwo / sparkTwo);
        }
    }

    /** @return wall milliseconds per trial over {@code trials} trials run {@code parallel} at a time */
    private static double run(TrialExecutor executor, int trials, int parallel, int steps, long firstSeed)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < trials; i++) {
                TrialSpec spec = new TrialSpec("Z3", Format.ACOT, LengthDistribution.UNIFORM, 3, 30,
                        ModelSpec.denseSsm(8, true), 1e-2, firstSeed + i, steps, 64, 1e-12, steps, 0);
                done.add(pool.submit(() -> executor.execute(Ensemble.of(spec), () -> false)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return (System.nanoTime() - t0) / 1e6 / trials;
        } finally {
            pool.shutdownNow();
        }
    }
}
