package dev.statetrack.train;

import java.io.Serializable;

/**
 * One evaluation of one member: the training loss of that step's batch and the validation loss, each
 * the mean cross-entropy per supervised token (the quantity compared with ε). NaN where the loss was
 * not finite.
 */
public record CurvePoint(int step, double trainingLoss, double validationLoss) implements Serializable {
}
