package dev.statetrack.cluster;

import dev.statetrack.model.ModelProvider;
import dev.statetrack.model.ModelProviders;
import dev.statetrack.search.ClusterTrialExecutor;
import dev.statetrack.train.Ensemble;
import dev.statetrack.train.TrialResult;
import dev.statetrack.train.TrialSpec;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * Trains ensembles as Spark tasks, one task per ensemble, from the calling thread of this driver.
 * Each call is its own job in its own job group, so a search that settles a sample size cancels
 * exactly its siblings, interrupting them on the executors. A task lost with its executor is
 * retried by Spark; trials are deterministic, so the retry's result is the one the lost task would
 * have given, and only the job's one result comes back to be stored.
 */
public final class SparkTrialExecutor implements ClusterTrialExecutor {

    /** How often a call waiting for its task looks at its cancellation flag. */
    private static final long POLL_MILLIS = 100;

    private static final Pattern MASTER_URL = Pattern.compile(
            "spark://[^\\s]+|yarn|k8s://[^\\s]+|local(\\[(\\d+|\\*)(,\\d+)?\\])?");

    private final JavaSparkContext spark;
    private final int threadsPerTrial;
    private final AtomicLong jobs = new AtomicLong();

    private SparkTrialExecutor(JavaSparkContext spark, int threadsPerTrial) {
        this.spark = spark;
        this.threadsPerTrial = threadsPerTrial;
    }

    /**
     * Starts the driver. Further Spark settings come from {@code spark.*} system properties, as
     * spark-submit passes them (or {@code -Dspark.x=y} in STATETRACK_JAVA_OPTS); the engine settings
     * executors need are added unless already given.
     */
    public static SparkTrialExecutor connect(String masterUrl, String appName, int threadsPerTrial) {
        if (threadsPerTrial < 1) {
            throw new IllegalArgumentException("threads per trial must be >= 1, got " + threadsPerTrial);
        }
        // Checked here because Spark logs a stack trace before refusing a malformed URL.
        if (!MASTER_URL.matcher(masterUrl).matches()) {
            throw new IllegalArgumentException("--spark-master " + masterUrl
                    + ": expected spark://HOST:PORT[,HOST:PORT...], yarn, k8s://https://HOST:PORT or local[N]");
        }
        SparkConf conf = new SparkConf()
                .setMaster(masterUrl)
                .setAppName(appName)
                .set("spark.task.cpus", Integer.toString(threadsPerTrial))
                // DJL must never reach the network from an executor either; PyTorch's idle OpenMP
                // threads must not spin on cores another task is using.
                .setIfMissing("spark.executorEnv.DJL_OFFLINE", "true")
                .setIfMissing("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE")
                .setIfMissing("spark.executorEnv.OMP_NUM_THREADS", Integer.toString(threadsPerTrial));
        String engineOptions = "-Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1";
        conf.set("spark.executor.extraJavaOptions",
                (conf.get("spark.executor.extraJavaOptions", "") + " " + engineOptions).trim());
        try {
            JavaSparkContext spark = new JavaSparkContext(conf);
            pluginJars().forEach(spark::addJar);
            return new SparkTrialExecutor(spark, threadsPerTrial);
        } catch (Exception e) {
            // Spark reports a master URL it cannot parse or reach as a checked SparkException.
            throw new IllegalArgumentException("--spark-master " + masterUrl + ": " + e.getMessage(), e);
        }
    }

    /**
     * The jars of the model providers that are not this tool's own (plug-ins the driver found on its class
     * path): executors must load the same models. Each reaches them once, with the job's class loader, in
     * which {@link ModelProviders} looks for providers there.
     */
    static List<String> pluginJars() {
        Set<String> jars = new TreeSet<>();
        String own = location(ModelProvider.class);
        for (ModelProvider provider : ModelProviders.all().values()) {
            String where = location(provider.getClass());
            if (where != null && !where.equals(own) && where.endsWith(".jar")) {
                jars.add(where);
            }
        }
        return List.copyOf(jars);
    }

    private static String location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            return Path.of(source.getLocation().toURI()).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public List<TrialResult> execute(Ensemble ensemble, BooleanSupplier cancelled) {
        long start = System.currentTimeMillis();
        String group = "statetrack-" + jobs.incrementAndGet();
        spark.setJobGroup(group, describe(ensemble), true);
        try {
            JavaFutureAction<List<List<TrialResult>>> job = spark.parallelize(List.of(ensemble), 1)
                    .map(new TrainEnsemble(threadsPerTrial))
                    .collectAsync();
            while (true) {
                try {
                    return job.get(POLL_MILLIS, TimeUnit.MILLISECONDS).get(0);
                } catch (TimeoutException e) {
                    if (cancelled.getAsBoolean()) {
                        spark.cancelJobGroup(group);
                        return cancelledMembers(ensemble, System.currentTimeMillis() - start);
                    }
                } catch (ExecutionException e) {
                    throw new IllegalStateException("Spark could not train " + describe(ensemble) + ": "
                            + e.getCause().getMessage(), e.getCause());
                } catch (InterruptedException e) {
                    spark.cancelJobGroup(group);
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted while waiting for " + describe(ensemble));
                }
            }
        } finally {
            spark.clearJobGroup();
        }
    }

    @Override
    public int taskSlots() {
        return Math.max(1, spark.defaultParallelism() / threadsPerTrial);
    }

    @Override
    public void close() {
        spark.stop();
    }

    private static List<TrialResult> cancelledMembers(Ensemble ensemble, long wallMillis) {
        List<TrialResult> results = new ArrayList<>();
        for (int i = 0; i < ensemble.size(); i++) {
            results.add(TrialResult.cancelled(0, wallMillis, 0));
        }
        return results;
    }

    private static String describe(Ensemble ensemble) {
        TrialSpec first = ensemble.members().get(0);
        return first.model().kind() + " " + first.group() + " " + first.format() + " " + first.distribution()
                + " L=" + first.maxLength() + " N=" + first.trainSize() + " x" + ensemble.size();
    }
}
