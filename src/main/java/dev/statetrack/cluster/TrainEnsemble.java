package dev.statetrack.cluster;

import dev.statetrack.train.Ensemble;
import dev.statetrack.train.LocalTrialExecutor;
import dev.statetrack.train.TrialResult;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

import java.util.ArrayList;
import java.util.List;

/**
 * The Spark task: trains one ensemble on an executor with the same code as a local run. A task the
 * driver cancels is marked interrupted; the trainer sees that between steps and its members come
 * back cancelled (Spark drops a killed task's result anyway).
 */
final class TrainEnsemble implements Function<Ensemble, List<TrialResult>> {

    private final int threads;

    TrainEnsemble(int threads) {
        this.threads = threads;
    }

    @Override
    public List<TrialResult> call(Ensemble ensemble) {
        TaskContext task = TaskContext.get();
        return new ArrayList<>(new LocalTrialExecutor(threads).execute(ensemble, task::isInterrupted));
    }
}
