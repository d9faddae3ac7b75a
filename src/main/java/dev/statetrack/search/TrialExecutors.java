package dev.statetrack.search;

import dev.statetrack.train.LocalTrialExecutor;
import dev.statetrack.train.TrialExecutor;

import java.lang.reflect.InvocationTargetException;

/** Where production trial executors come from. */
public final class TrialExecutors {

    /** Loaded by name so that Spark's classes are only needed when a study runs on Spark. */
    private static final String SPARK_EXECUTOR = "dev.statetrack.cluster.SparkTrialExecutor";
    private static final String SPARK_CONTEXT = "org.apache.spark.SparkContext";

    private TrialExecutors() {
    }

    /** Trains in this JVM, each trial using {@code threadsPerWorker} compute threads. */
    public static TrialExecutor local(int threadsPerWorker) {
        return new LocalTrialExecutor(threadsPerWorker);
    }

    /**
     * Connects to a Spark master as the driver; each ensemble becomes one Spark task using
     * {@code threadsPerTrial} cores of an executor.
     *
     * @throws IllegalArgumentException when Spark is not on the class path or refuses the master URL
     */
    public static ClusterTrialExecutor spark(String masterUrl, String appName, int threadsPerTrial) {
        try {
            Class.forName(SPARK_CONTEXT, false, TrialExecutors.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("--spark-master " + masterUrl + ": Spark is not on the class path "
                    + "(start the study with bin/statetrack or spark-submit)", e);
        }
        try {
            return (ClusterTrialExecutor) Class.forName(SPARK_EXECUTOR)
                    .getMethod("connect", String.class, String.class, int.class)
                    .invoke(null, masterUrl, appName, threadsPerTrial);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("cannot start the Spark driver: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the Spark executor class is missing from this build", e);
        }
    }
}
