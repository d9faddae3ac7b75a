package dev.statetrack.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.statetrack.model.SequenceModel;
import dev.statetrack.task.Batch;

import java.util.List;

/**
 * One optimisation step of every member of an ensemble: forward, each member's mean cross-entropy
 * over its supervised tokens, backward of their sum (member e's parameters only see member e's loss),
 * Adam update. Everything the step creates lives in one {@link NDScope} closed with it; the optimiser
 * state persists in the manager given here.
 */
public final class TrainingStep {

    private final SequenceModel model;
    private final NDManager manager;
    private final Adam adam;
    private final long padToken;

    /**
     * @param learningRates one per member of {@code model}
     * @param padToken      the vocabulary's padding token (fills rows shorter than the longest)
     * @param manager       holds the optimiser state; close it when training ends
     */
    public TrainingStep(SequenceModel model, double[] learningRates, long padToken, NDManager manager) {
        if (learningRates.length != model.members()) {
            throw new IllegalArgumentException(learningRates.length + " learning rates for " + model.members()
                    + " members");
        }
        this.model = model;
        this.manager = manager;
        this.padToken = padToken;
        this.adam = new Adam(model.parameters(), learningRates, manager);
    }

    private TrainingStep(SequenceModel model, Adam adam, long padToken, NDManager manager) {
        this.model = model;
        this.manager = manager;
        this.padToken = padToken;
        this.adam = adam;
    }

    /**
     * The step of {@code smaller}, an ensemble of some of this step's members ({@code members}, in
     * that order, their weights gathered into it): each continues with its own optimiser state.
     *
     * @param manager holds the new optimiser state; close it when that ensemble's training ends
     */
    TrainingStep keeping(int[] members, SequenceModel smaller, NDManager manager) {
        return new TrainingStep(smaller, adam.keeping(members, smaller.parameters(), manager), padToken, manager);
    }

    /**
     * @param batches one per member
     * @return each member's batch loss before the update. A member whose loss is not finite is frozen
     * (the trainer ends it as failed); its NaN stays in its own slice of every array, so the other
     * members train on exactly as they would without it.
     */
    public double[] run(List<Batch> batches) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            BatchArrays arrays = BatchArrays.of(batches, padToken, manager);
            Autograd.setRecording(true);
            NDArray losses = arrays.meanCrossEntropies(model.forward(arrays.tokens()));
            Autograd.backward(losses.sum());
            Autograd.setRecording(false);
            double[] values = losses.toType(DataType.FLOAT64, false).toDoubleArray();
            for (int e = 0; e < values.length; e++) {
                if (!Double.isFinite(values[e])) {
                    adam.freeze(e);
                }
            }
            adam.update();
            return values;
        } finally {
            Autograd.setRecording(false);
        }
    }
}
