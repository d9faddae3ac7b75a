package dev.statetrack.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Sets how many threads PyTorch may use for the ops the calling thread runs.
 *
 * <p>The CPU build of libtorch parallelises with OpenMP. {@code at::set_num_threads} stores the count
 * in a process-wide default <em>and</em> calls {@code omp_set_num_threads}, whose setting belongs to
 * the calling OS thread. But each thread also initialises itself lazily, once, on its first
 * thread-count query or parallel op, by applying the process-wide default <em>at that moment</em>;
 * so a thread that set 2 and then saw another thread set 1 before its first op would run with 1
 * (observed). {@link #use} therefore forces that one-time initialisation first and only then sets the
 * count, which from then on belongs to the calling thread alone (ConcurrencyTest checks this).
 */
public final class IntraOpThreads {

    private IntraOpThreads() {
    }

    public static void use(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Engine.getInstance();
        JniUtils.getNumThreads();
        JniUtils.setNumThreads(threads);
    }

    /** The count in effect for ops run by the calling thread. */
    public static int current() {
        Engine.getInstance();
        return JniUtils.getNumThreads();
    }
}
