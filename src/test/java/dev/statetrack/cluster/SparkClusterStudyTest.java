package dev.statetrack.cluster;

import dev.statetrack.cli.CliErrorsTest;
import dev.statetrack.cli.Main;
import dev.statetrack.model.ModelSpec;
import dev.statetrack.search.ClusterTrialExecutor;
import dev.statetrack.search.TrialExecutors;
import dev.statetrack.search.TrialOutcome;
import dev.statetrack.store.RunStore;
import dev.statetrack.store.StoredTrial;
import dev.statetrack.store.StoredTrialRunner;
import dev.statetrack.task.Format;
import dev.statetrack.task.LengthDistribution;
import dev.statetrack.train.Ensemble;
import dev.statetrack.train.TrainingMachine;
import dev.statetrack.train.TrialSpec;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkExecutorInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real study on a Spark standalone cluster of two one-core workers on 127.0.0.1 gives the N*
 * table of the same study run locally, also when a worker is killed with SIGKILL halfway; and a
 * trial cancelled on the cluster stops within seconds and leaves nothing in the store.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkClusterStudyTest {

    private static final String STUDY = """
            name: spark-ci
            models:
              - {kind: lstm, hidden: 16}
              - {kind: dense-ssm, state: 8}
            groups: [Z3]
            formats: [acot]
            distributions: [uniform]
            lengths: [3]
            training: {steps: 300, batch-size: 64, epsilon: 2.0e-2, eval-every: 50,
                       learning-rates: [1.0e-2], seeds: [10, 20]}
            search: {divisor: 4, max-sample-sizes: 4, tolerance: 0.25}
            analyses: {nstar: true, kappa: true, length-generalisation: false}
            """;

    @TempDir
    static Path dir;

    private static LocalSparkCluster cluster;
    private static Path studyFile;
    private static String localNStar;
    private static Path clusterOut;

    @BeforeAll
    static void startClusterAndRunLocally() throws Exception {
        LocalSparkCluster.driverProperties().forEach(System::setProperty);
        Path clusterDir = Files.createDirectories(dir.resolve("cluster"));
        cluster = LocalSparkCluster.start(clusterDir, 2, "1g");
        studyFile = dir.resolve("study.yaml");
        Files.writeString(studyFile, STUDY);
        // While the cluster's JVMs start, the reference run trains here.
        Path localOut = dir.resolve("local");
        CliErrorsTest.Run local = CliErrorsTest.run("study", studyFile.toString(), "--out", localOut.toString(), "--workers", "2");
        assertEquals(0, local.exitCode(), local.err());
        localNStar = Files.readString(localOut.resolve("nstar.csv"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
        LocalSparkCluster.driverProperties().keySet().forEach(System::clearProperty);
    }

    @Test
    @Order(1)
    void aStudyOnTheClusterFindsTheLocalNStar() throws Exception {
        clusterOut = dir.resolve("on-cluster");
        CliErrorsTest.Run r = CliErrorsTest.run("study", studyFile.toString(), "--out", clusterOut.toString(), "--workers", "2",
                "--spark-master", cluster.masterUrl());
        assertEquals(0, r.exitCode(), r.err() + cluster.logs());
        assertEquals(localNStar, Files.readString(clusterOut.resolve("nstar.csv")));
        try (RunStore store = RunStore.open(clusterOut.resolve("runs.sqlite"))) {
            assertTrue(store.trials().size() >= 8, "the study trained on the cluster: " + store.trials().size());
            for (StoredTrial t : store.trials()) {
                assertEquals(TrainingMachine.local(), t.result().trainedOn(), "the executor's machine, sent back");
            }
        }
    }

    @Test
    @Order(2)
    void aCancelledTrialStopsOnTheClusterWithinSecondsAndIsNotStored() throws Exception {
        // Never reaches its ε: it trains until cancelled.
        TrialSpec endless = new TrialSpec("Z3", Format.ACOT, LengthDistribution.UNIFORM, 3, 30,
                ModelSpec.lstm(1, 16, 16), 1e-2, 10, 1_000_000, 64, 1e-12, 50, 0);
        AtomicBoolean cancelled = new AtomicBoolean();
        try (ClusterTrialExecutor spark = TrialExecutors.spark(cluster.masterUrl(), "cancel-test", 1);
             RunStore store = RunStore.open(dir.resolve("cancel.sqlite"))) {
            StoredTrialRunner runner = new StoredTrialRunner(store, spark, 1, Duration.ofMillis(100), o -> { });
            CompletableFuture<TrialOutcome> outcome = CompletableFuture.supplyAsync(
                    () -> runner.run(Ensemble.of(endless), cancelled::get).get(0));
            awaitRunningTasks(1, Duration.ofSeconds(90));
            Thread.sleep(2000);  // well into training
            long t0 = System.nanoTime();
            cancelled.set(true);
            assertEquals(TrialOutcome.Status.CANCELLED, outcome.get(10, TimeUnit.SECONDS).status());
            // 6.3 s was measured with a load average of 20 on 2 cores; the bound leaves room for such machines.
            awaitRunningTasks(0, Duration.ofSeconds(20));
            long stoppedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(stoppedMillis < 20_000, "the cancelled task stopped after " + stoppedMillis + " ms");
            System.out.printf("cancelled Spark task stopped %d ms after cancellation%n", stoppedMillis);
            assertEquals(List.of(), store.trials(), "nothing of a cancelled trial is stored");
        }
    }

    @Test
    @Order(3)
    void aStudyLosingAWorkerToSigkillCompletesWithTheSameNStarAndNoTrialTwice() throws Exception {
        Path out = dir.resolve("worker-killed");
        Process doomed = cluster.worker(1);
        CompletableFuture<CliErrorsTest.Run> study = CompletableFuture.supplyAsync(() -> CliErrorsTest.run("study", studyFile.toString(),
                "--out", out.toString(), "--workers", "2", "--spark-master", cluster.masterUrl()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int storedBeforeKill;
        while ((storedBeforeKill = storedTrials(out)) < 3 || doomed.descendants().findAny().isEmpty()) {
            // The message is a supplier: built eagerly, its join() would wait for the study to end.
            assertFalse(study.isDone(), () -> "the study ended before the worker was killed: " + study.join().err()
                    + cluster.logs());
            assertTrue(System.nanoTime() < deadline, "too few trials stored in time\n" + cluster.logs());
            Thread.sleep(100);
        }
        System.out.printf("killing a worker with %d trials stored%n", storedBeforeKill);
        List<ProcessHandle> executors = doomed.descendants().toList();
        doomed.destroyForcibly();  // SIGKILL: the worker cannot tell anyone; its executor loses its worker
        assertTrue(doomed.waitFor(10, TimeUnit.SECONDS));
        for (ProcessHandle executor : executors) {
            executor.onExit().get(60, TimeUnit.SECONDS);
        }

        CliErrorsTest.Run r = study.get(180, TimeUnit.SECONDS);
        assertEquals(0, r.exitCode(), r.err() + cluster.logs());
        assertEquals(localNStar, Files.readString(out.resolve("nstar.csv")));
        assertTrue(storedTrials(out) > storedBeforeKill, "the study trained after losing the worker: "
                + storedBeforeKill + " trials stored before, " + storedTrials(out) + " after");
        try (RunStore killed = RunStore.open(out.resolve("runs.sqlite"));
             RunStore whole = RunStore.open(clusterOut.resolve("runs.sqlite"))) {
            List<StoredTrial> trials = killed.trials();
            assertEquals(trials.size(), trials.stream().map(StoredTrial::hash).distinct().count());
            Map<String, StoredTrial> undisturbed = whole.trials().stream()
                    .collect(Collectors.toMap(StoredTrial::hash, Function.identity()));
            for (StoredTrial t : trials) {
                StoredTrial same = undisturbed.get(t.hash());
                if (same != null) {
                    assertEquals(same.result().steps(), t.result().steps(), t.hash());
                    assertEquals(same.result().bestValidationLoss(), t.result().bestValidationLoss(), t.hash());
                }
            }
        }
    }

    private static void awaitRunningTasks(int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (runningTasks() != expected) {
            assertTrue(System.nanoTime() < deadline, "running tasks stayed at " + runningTasks() + ", not "
                    + expected + "\n" + cluster.logs());
            Thread.sleep(50);
        }
    }

    private static int runningTasks() {
        SparkExecutorInfo[] executors = SparkContext.getOrCreate().statusTracker().getExecutorInfos();
        return Arrays.stream(executors).mapToInt(SparkExecutorInfo::numRunningTasks).sum();
    }

    /** Read with plain SQL while the driver holds the store open. */
    private static int storedTrials(Path out) throws SQLException {
        if (!Files.exists(out.resolve("runs.sqlite"))) {
            return 0;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + out.resolve("runs.sqlite"));
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM trials")) {
            return rs.getInt(1);
        } catch (SQLException e) {
            return 0;  // the driver is still creating the tables
        }
    }
}
