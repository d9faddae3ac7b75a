package dev.statetrack.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Sets how many threads PyTorch may use for the ops the calling thread runs.
 *
 * <p>The CPU build of libtorch parallelises with OpenMP. {@code at::set_num_threads} stores the count
 * in a process-wide default <em>and</em> calls {@code omp_set_num_threads}, whose setting belongs to
 * the calling OS thread; a thread that never called it adopts the process-wide default the first time
 * it runs a parallel op. So each trial thread calls {@link #use} before its first op: its own setting
 * then holds whatever other threads set later (measured in IntraOpThreadsTest).
 */
public final class IntraOpThreads {

    private IntraOpThreads() {
    }

    public static void use(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Engine.getInstance();
        JniUtils.setNumThreads(threads);
    }

    /** The count in effect for ops run by the calling thread. */
    public static int current() {
        Engine.getInstance();
        return JniUtils.getNumThreads();
    }
}
