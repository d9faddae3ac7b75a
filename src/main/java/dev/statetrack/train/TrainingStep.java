package dev.statetrack.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.statetrack.model.SequenceModel;
import dev.statetrack.task.Batch;

/**
 * One optimisation step: forward, mean cross-entropy over supervised tokens, backward, Adam update.
 * Everything the step creates lives in one {@link NDScope} closed with it; the optimiser state
 * persists in the manager given here.
 */
public final class TrainingStep {

    private final SequenceModel model;
    private final NDManager manager;
    private final Adam adam;

    /** @param manager holds the optimiser state; close it when training ends */
    public TrainingStep(SequenceModel model, double learningRate, NDManager manager) {
        this.model = model;
        this.manager = manager;
        this.adam = new Adam(model.parameters(), learningRate, manager);
    }

    /**
     * @return the batch loss before the update; when it is not finite no update is made, so the
     * model keeps its last finite weights
     */
    public double run(Batch batch) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            BatchArrays arrays = BatchArrays.of(batch, manager);
            Autograd.setRecording(true);
            NDArray loss = arrays.meanCrossEntropy(model.forward(arrays.tokens().expandDims(0)).squeeze(0));
            double value = loss.getFloat();
            if (Double.isFinite(value)) {
                Autograd.backward(loss);
                Autograd.setRecording(false);
                adam.update();
            }
            return value;
        } finally {
            Autograd.setRecording(false);
        }
    }
}
