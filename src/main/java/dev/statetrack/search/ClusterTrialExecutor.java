package dev.statetrack.search;

import dev.statetrack.train.TrialExecutor;

/**
 * A trial executor that sends ensembles to a cluster and holds a connection to it until closed.
 * The searches and the run store stay in this process; only training runs remotely.
 */
public interface ClusterTrialExecutor extends TrialExecutor, AutoCloseable {

    /** How many ensembles the cluster trains at once as far as it knows now (at least 1). */
    int taskSlots();

    @Override
    void close();
}
