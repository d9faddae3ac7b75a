package dev.statetrack.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.statetrack.task.Vocabulary;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.DoubleBuffer;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Autograd gradients of each model against central finite differences, in double precision, for
 * an ensemble of three members.
 *
 * <p>Step h = 1e-6: truncation error is O(h²·f''') ≈ 1e-12 and rounding error about
 * 1e-16·|f|/h ≈ 1e-9 for these objectives (|f| ≲ 10), so a correct gradient agrees to about 1e-9;
 * the tolerance 1e-7 + 1e-6·|numeric| leaves two orders of margin while a wrong gradient (a missing
 * term, a transposed weight) is off by far more than that.
 */
class GradientCheckTest {

    private static final double STEP = 1e-6;
    private static final int ENTRIES_PER_PARAMETER = 8;

    static Stream<Arguments> tinyModels() {
        return Stream.of(
                Arguments.of(ModelSpec.transformer(2, 8, 2), 3),
                Arguments.of(ModelSpec.lstm(2, 6, 5), 3),
                Arguments.of(ModelSpec.denseSsm(5, false), 3),
                Arguments.of(ModelSpec.denseSsm(5, true), 3),
                // V·d = 5·60 > DenseSsm.ALL_TOKENS_MAX_ROWS: the grouped product.
                Arguments.of(ModelSpec.denseSsm(60, false), 3),
                Arguments.of(ModelSpec.denseSsm(60, true), 3),
                Arguments.of(GruProvider.spec(2, 6, 5), 3),
                Arguments.of(DiagonalRnnProvider.spec(5, "positive"), 3),
                Arguments.of(DiagonalRnnProvider.spec(5, "signed"), 3),
                Arguments.of(HouseholderRnnProvider.spec(5, 1), 3),
                Arguments.of(HouseholderRnnProvider.spec(5, 2), 3));
    }

    @ParameterizedTest
    @MethodSource("tinyModels")
    void gradientsMatchCentralDifferences(ModelSpec spec, int members) {
        Engine.getInstance();
        Random random = new Random(3);
        Vocabulary vocabulary = new Vocabulary(3);
        int batch = 2;
        int time = 6;
        long[] seeds = new long[members];
        for (int e = 0; e < members; e++) {
            seeds[e] = 11 + e;
        }
        try (NDManager manager = NDManager.newBaseManager();
             SequenceModel model = ModelFactory.create(spec, vocabulary, time, DataType.FLOAT64, seeds, manager)) {
            long[] ids = new long[members * batch * time];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = random.nextInt(vocabulary.size());
            }
            NDArray tokens = manager.create(ids, new Shape(members, batch, time));
            double[] w = new double[ids.length * vocabulary.size()];
            for (int i = 0; i < w.length; i++) {
                w[i] = random.nextGaussian();
            }
            NDArray weights = manager.create(w, new Shape(members, batch, time, vocabulary.size()));

            JniUtils.setGradMode(true);
            NDArray objective = objective(model, tokens, weights);
            JniUtils.backward((PtNDArray) objective, (PtNDArray) objective.onesLike(), false, false);
            JniUtils.setGradMode(false);

            List<NDArray> parameters = model.parameters();
            for (int p = 0; p < parameters.size(); p++) {
                NDArray parameter = parameters.get(p);
                double[] analytic = parameter.getGradient().toDoubleArray();
                double[] values = parameter.toDoubleArray();
                for (int k = 0; k < Math.min(ENTRIES_PER_PARAMETER, values.length); k++) {
                    int i = random.nextInt(values.length);
                    double original = values[i];
                    values[i] = original + STEP;
                    parameter.set(DoubleBuffer.wrap(values));
                    double plus = objective(model, tokens, weights).getDouble();
                    values[i] = original - STEP;
                    parameter.set(DoubleBuffer.wrap(values));
                    double minus = objective(model, tokens, weights).getDouble();
                    values[i] = original;
                    parameter.set(DoubleBuffer.wrap(values));
                    double numeric = (plus - minus) / (2 * STEP);
                    double error = Math.abs(analytic[i] - numeric);
                    assertTrue(error <= 1e-7 + 1e-6 * Math.abs(numeric),
                            spec.kind() + " parameter " + p + " " + parameter.getShape() + " entry " + i
                                    + ": autograd " + analytic[i] + ", finite difference " + numeric);
                }
            }
        }
    }

    /** A scalar that depends on every output position the way a loss does (through log-softmax). */
    private static NDArray objective(SequenceModel model, NDArray tokens, NDArray weights) {
        return model.forward(tokens).logSoftmax(3).mul(weights).sum();
    }
}
