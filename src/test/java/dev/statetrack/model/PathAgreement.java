package dev.statetrack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks that two ways of computing a model's forward pass agree, in their logits and in every
 * parameter's gradient of a loss-like objective (log-softmax weighted by random numbers).
 */
final class PathAgreement {

    private PathAgreement() {
    }

    /** Random token ids [members, batch, time] below {@code vocabulary}. */
    static NDArray tokens(NDManager manager, Random random, int members, int batch, int time, int vocabulary) {
        long[] ids = new long[members * batch * time];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(vocabulary);
        }
        return manager.create(ids, new Shape(members, batch, time));
    }

    /**
     * Asserts that {@code a} and {@code b} give logits and gradients within {@code tolerance} of each
     * other, relative to the largest magnitude of each compared array (at least 1).
     */
    static void assertAgree(SequenceModel model, NDArray tokens, Function<NDArray, NDArray> a,
                            Function<NDArray, NDArray> b, double tolerance) {
        NDArray logitsA = a.apply(tokens);
        Random random = new Random(17);
        double[] w = new double[Math.toIntExact(logitsA.size())];
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextGaussian();
        }
        NDArray weights = tokens.getManager().create(w, logitsA.getShape()).toType(logitsA.getDataType(), false);
        List<NDArray> parameters = model.parameters();
        double[][] gradientsA = gradients(a, tokens, weights, parameters);
        // gradients accumulate: b's are the totals after its backward minus a's
        double[][] totals = gradients(b, tokens, weights, parameters);
        assertClose("logits", logitsA.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray(),
                b.apply(tokens).toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray(), tolerance);
        for (int p = 0; p < parameters.size(); p++) {
            double[] gradientB = totals[p].clone();
            for (int i = 0; i < gradientB.length; i++) {
                gradientB[i] -= gradientsA[p][i];
            }
            assertClose("gradient of parameter " + p + " " + parameters.get(p).getShape(), gradientsA[p], gradientB,
                    tolerance);
        }
    }

    private static double[][] gradients(Function<NDArray, NDArray> forward, NDArray tokens, NDArray weights,
                                        List<NDArray> parameters) {
        JniUtils.setGradMode(true);
        try {
            NDArray objective = forward.apply(tokens).logSoftmax(3).mul(weights).sum();
            JniUtils.backward((PtNDArray) objective, (PtNDArray) objective.onesLike(), false, false);
        } finally {
            JniUtils.setGradMode(false);
        }
        double[][] result = new double[parameters.size()][];
        for (int p = 0; p < parameters.size(); p++) {
            result[p] = parameters.get(p).getGradient().toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                    .toDoubleArray();
        }
        return result;
    }

    private static void assertClose(String what, double[] expected, double[] actual, double tolerance) {
        double scale = 1;
        double largest = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            largest = Math.max(largest, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(largest <= tolerance * scale, what + ": largest difference " + largest + " (scale " + scale + ")");
    }
}
