package dev.statetrack.cluster;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Spark standalone master and workers on 127.0.0.1, started as child JVMs from the jars Maven
 * resolved for the tests: no Spark installation and no download. Executors launched by a worker
 * need a Spark home; an empty one marked as a release (a RELEASE file and an empty jars folder)
 * satisfies Spark's launcher, and {@link #driverProperties()} gives executors their classes.
 */
final class LocalSparkCluster implements AutoCloseable {

    private final Path dir;
    private final Path sparkHome;
    private final int masterPort;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();

    private LocalSparkCluster(Path dir) throws IOException {
        this.dir = dir;
        this.sparkHome = dir.resolve("spark-home");
        Files.createDirectories(sparkHome.resolve("jars"));
        Files.writeString(sparkHome.resolve("RELEASE"), "Spark from the Maven test class path\n");
        this.masterPort = freePort();
        this.master = start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(freePort()));
    }

    /** A master and {@code workers} workers of one core and {@code workerMemory} (e.g. "1g") each. */
    static LocalSparkCluster start(Path dir, int workers, String workerMemory) throws IOException {
        LocalSparkCluster cluster = new LocalSparkCluster(dir);
        try {
            for (int i = 0; i < workers; i++) {
                cluster.addWorker(workerMemory);
            }
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    Process worker(int index) {
        return workers.get(index);
    }

    /**
     * What a driver in this JVM needs, as spark.* system properties (the driver reads them as it would
     * from spark-submit): everything on 127.0.0.1, small executors, and executors running from this
     * JVM's class path, which holds Spark, statetrack and its dependencies.
     */
    static Map<String, String> driverProperties() {
        // Tasks wait until both workers' executors have registered (up to two minutes), so the
        // worker-killing test finds an executor on the worker it kills, however slowly JVMs start.
        return Map.of(
                "spark.cores.max", "2",
                "spark.scheduler.minRegisteredResourcesRatio", "1.0",
                "spark.scheduler.maxRegisteredResourcesWaitingTime", "120s",
                "spark.driver.host", "127.0.0.1",
                "spark.driver.bindAddress", "127.0.0.1",
                "spark.ui.enabled", "false",
                "spark.executor.memory", "512m",
                "spark.executor.extraClassPath", absoluteClassPath());
    }

    /** Executors start in a worker's folder, where relative class path entries would not resolve. */
    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** The tails of the master's and workers' logs, for failure messages. */
    String logs() {
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                text.append("== ").append(log.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(l -> text.append(l).append('\n'));
            }
        } catch (IOException e) {
            text.append("(logs unreadable: ").append(e.getMessage()).append(")");
        }
        return text.toString();
    }

    private void addWorker(String memory) throws IOException {
        int index = workers.size() + 1;
        Path work = dir.resolve("work-" + index);
        Files.createDirectories(work);
        workers.add(start("worker-" + index, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                "--cores", "1", "--memory", memory, "--work-dir", work.toString(),
                "--webui-port", Integer.toString(freePort()), masterUrl()));
    }

    private Process start(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_LOCAL_DIRS", dir.resolve("tmp").toString());
        env.put("DJL_OFFLINE", "true");
        env.put("OMP_NUM_THREADS", "1");
        env.put("OMP_WAIT_POLICY", "PASSIVE");
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        List<Process> all = new ArrayList<>(workers);
        all.add(master);
        for (Process p : all) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : all) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
