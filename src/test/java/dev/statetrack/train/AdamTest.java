package dev.statetrack.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adam against torch.optim.Adam's formula, written out in plain Java doubles:
 * m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²; w -= (lr/(1-β1ᵗ))·m/(√v/√(1-β2ᵗ) + ε).
 */
class AdamTest {

    private static final int MEMBERS = 3;
    private static final int WIDTH = 4;
    private static final double[] RATES = {1e-3, 3e-3, 1e-4};

    @Test
    void stackedMembersFollowTorchsFormulaTo1e12InFloat64() {
        double[][] expected = reference(100, 40, RATES);
        double[] actual = run(DataType.FLOAT64, 100, 40, RATES);
        for (int e = 0; e < MEMBERS; e++) {
            for (int j = 0; j < WIDTH; j++) {
                assertEquals(expected[e][j], actual[e * WIDTH + j], 1e-12, "member " + e + " weight " + j);
            }
        }
    }

    @Test
    void aFrozenMembersWeightsStayExactlyWhereTheyWere() {
        double[] after40 = run(DataType.FLOAT64, 40, Integer.MAX_VALUE, RATES);
        double[] frozenAt40 = run(DataType.FLOAT64, 100, 40, RATES);
        for (int j = 0; j < WIDTH; j++) {
            assertEquals(after40[WIDTH + j], frozenAt40[WIDTH + j], 0.0, "member 1 (frozen) weight " + j);
        }
    }

    @Test
    void aSingleFloat32MemberFollowsTorchsFormulaToFloatRounding() {
        double[] rate = {1e-3};
        double[][] expected = reference(100, Integer.MAX_VALUE, rate);
        double[] actual = run(DataType.FLOAT32, 100, Integer.MAX_VALUE, rate);
        for (int j = 0; j < WIDTH; j++) {
            assertEquals(expected[0][j], actual[j], 1e-6, "weight " + j);
        }
    }

    /** Gradients of step t: fixed pseudo-random values of mixed scale, some tiny (as attention's early ones). */
    private static double gradient(int step, int member, int j) {
        Random r = new Random(1000L * step + 10L * member + j);
        double scale = j == 0 ? 1e-6 : 1.0;
        return scale * r.nextGaussian();
    }

    private static double[][] reference(int steps, int freezeMember1After, double[] rates) {
        int members = rates.length;
        double[][] w = new double[members][WIDTH];
        double[][] m = new double[members][WIDTH];
        double[][] v = new double[members][WIDTH];
        for (int e = 0; e < members; e++) {
            for (int j = 0; j < WIDTH; j++) {
                w[e][j] = 0.5 - 0.25 * j;
            }
        }
        for (int t = 1; t <= steps; t++) {
            for (int e = 0; e < members; e++) {
                boolean frozen = e == 1 && t > freezeMember1After;
                for (int j = 0; j < WIDTH; j++) {
                    double g = gradient(t, e, j);
                    m[e][j] = 0.9 * m[e][j] + 0.1 * g;
                    v[e][j] = 0.999 * v[e][j] + 0.001 * g * g;
                    if (!frozen) {
                        double denom = Math.sqrt(v[e][j]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
                        w[e][j] -= rates[e] / (1 - Math.pow(0.9, t)) * m[e][j] / denom;
                    }
                }
            }
        }
        return w;
    }

    private static double[] run(DataType type, int steps, int freezeMember1After, double[] rates) {
        Engine.getInstance();
        int members = rates.length;
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] initial = new double[members * WIDTH];
            for (int i = 0; i < initial.length; i++) {
                initial[i] = 0.5 - 0.25 * (i % WIDTH);
            }
            NDArray weight = manager.create(initial, new Shape(members, WIDTH)).toType(type, false);
            weight.setRequiresGradient(true);
            Adam adam = new Adam(List.of(weight), rates, manager);
            for (int t = 1; t <= steps; t++) {
                if (t == freezeMember1After + 1) {
                    adam.freeze(1);
                }
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    double[] g = new double[members * WIDTH];
                    for (int i = 0; i < g.length; i++) {
                        g[i] = gradient(t, i / WIDTH, i % WIDTH);
                    }
                    NDArray slope = manager.create(g, new Shape(members, WIDTH)).toType(type, false);
                    Autograd.setRecording(true);
                    NDArray loss = weight.mul(slope).sum();
                    Autograd.backward(loss);
                    Autograd.setRecording(false);
                    adam.update();
                }
            }
            return weight.toType(DataType.FLOAT64, false).toDoubleArray();
        }
    }

    /**
     * The moments of all parameters live in one [E, P] array: tensors of different shapes updated
     * together must end exactly where each ends when it is the optimiser's only parameter.
     */
    @Test
    void parametersUpdatedTogetherEndBitForBitAsEachAlone() {
        Engine.getInstance();
        Shape[] shapes = {new Shape(MEMBERS, 2, 3), new Shape(MEMBERS, 5), new Shape(MEMBERS, 1, 4)};
        try (NDManager manager = NDManager.newBaseManager()) {
            List<NDArray> together = new java.util.ArrayList<>();
            List<NDArray> alone = new java.util.ArrayList<>();
            for (Shape shape : shapes) {
                together.add(initialWeight(manager, shape));
                alone.add(initialWeight(manager, shape));
            }
            Adam joint = new Adam(together, RATES, manager);
            List<Adam> separate = alone.stream().map(w -> new Adam(List.of(w), RATES, manager)).toList();
            for (int t = 1; t <= 30; t++) {
                if (t == 20) {
                    joint.freeze(1);
                    separate.forEach(a -> a.freeze(1));
                }
                for (List<NDArray> weights : List.of(together, alone)) {
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        Autograd.setRecording(true);
                        NDArray loss = null;
                        for (int i = 0; i < weights.size(); i++) {
                            NDArray term = weights.get(i).mul(weights.get(i)).mul(slope(manager, shapes[i], t, i)).sum();
                            loss = loss == null ? term : loss.add(term);
                        }
                        Autograd.backward(loss);
                        Autograd.setRecording(false);
                        if (weights == together) {
                            joint.update();
                        } else {
                            separate.forEach(Adam::update);
                        }
                    }
                }
            }
            for (int i = 0; i < shapes.length; i++) {
                double[] expected = alone.get(i).toDoubleArray();
                double[] actual = together.get(i).toDoubleArray();
                for (int j = 0; j < expected.length; j++) {
                    assertEquals(expected[j], actual[j], 0.0, "parameter " + i + " entry " + j);
                }
                assertTrue(expected[0] != 0.5, "parameter " + i + " was updated");
            }
        }
    }

    private static NDArray initialWeight(NDManager manager, Shape shape) {
        double[] values = new double[Math.toIntExact(shape.size())];
        for (int j = 0; j < values.length; j++) {
            values[j] = 0.5 - 0.125 * (j % 7);
        }
        NDArray weight = manager.create(values, shape);
        weight.setRequiresGradient(true);
        return weight;
    }

    private static NDArray slope(NDManager manager, Shape shape, int step, int parameter) {
        double[] values = new double[Math.toIntExact(shape.size())];
        for (int j = 0; j < values.length; j++) {
            values[j] = gradient(step, parameter, j % WIDTH) * (1 + j);
        }
        return manager.create(values, shape);
    }

    @Test
    void refusesParametersWithoutTheMemberDimension() {
        Engine.getInstance();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.zeros(new Shape(2, WIDTH));
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new Adam(List.of(weight), RATES, manager));
        }
    }
}
