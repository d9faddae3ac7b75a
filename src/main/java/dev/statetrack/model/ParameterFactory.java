package dev.statetrack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Creates a model's parameters from a seeded Java {@link Random}. Initialising in Java rather than
 * with the engine's generator keeps initialisation independent of the process-global torch seed, so
 * trials running concurrently in one JVM get exactly the weights they would get alone.
 */
final class ParameterFactory {

    private final NDManager manager;
    private final DataType dataType;
    private final Random random;
    private final List<NDArray> parameters = new ArrayList<>();

    ParameterFactory(NDManager manager, DataType dataType, long seed) {
        if (dataType != DataType.FLOAT32 && dataType != DataType.FLOAT64) {
            throw new IllegalArgumentException("parameters must be float32 or float64, got " + dataType);
        }
        this.manager = manager;
        this.dataType = dataType;
        this.random = new Random(seed);
    }

    NDArray normal(double std, long... shape) {
        double[] values = new double[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = std * random.nextGaussian();
        }
        return register(values, shape);
    }

    NDArray uniform(double bound, long... shape) {
        double[] values = new double[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = bound * (2 * random.nextDouble() - 1);
        }
        return register(values, shape);
    }

    NDArray constant(double value, long... shape) {
        double[] values = new double[Math.toIntExact(new Shape(shape).size())];
        Arrays.fill(values, value);
        return register(values, shape);
    }

    /** {@code count} matrices of size d×d, each the identity plus N(0, std²) noise. */
    NDArray identityPlusNoise(int count, int d, double std) {
        double[] values = new double[count * d * d];
        for (int m = 0; m < count; m++) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    values[(m * d + i) * d + j] = (i == j ? 1 : 0) + std * random.nextGaussian();
                }
            }
        }
        return register(values, count, d, d);
    }

    /** A constant that takes part in differentiated arithmetic; it lives as long as the model. */
    NDArray scalar(double value) {
        return dataType == DataType.FLOAT64 ? manager.create(value) : manager.create((float) value);
    }

    /** Every parameter created so far, in creation order (the order the optimiser keeps its state in). */
    List<NDArray> parameters() {
        return Collections.unmodifiableList(parameters);
    }

    NDManager manager() {
        return manager;
    }

    DataType dataType() {
        return dataType;
    }

    private NDArray register(double[] values, long... shape) {
        NDArray array;
        if (dataType == DataType.FLOAT64) {
            array = manager.create(values, new Shape(shape));
        } else {
            float[] floats = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                floats[i] = (float) values[i];
            }
            array = manager.create(floats, new Shape(shape));
        }
        array.setRequiresGradient(true);
        parameters.add(array);
        return array;
    }
}
