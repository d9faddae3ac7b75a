package dev.statetrack.search;

import dev.statetrack.train.LocalTrialExecutor;
import dev.statetrack.train.TrialExecutor;

/** Where production trial executors come from; a cluster backend would be a second factory here. */
public final class TrialExecutors {

    private TrialExecutors() {
    }

    /** Trains in this JVM, each trial using {@code threadsPerWorker} compute threads. */
    public static TrialExecutor local(int threadsPerWorker) {
        return new LocalTrialExecutor(threadsPerWorker);
    }
}
