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
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Members of an ensemble are the models their seeds give alone, and never touch each other. */
class EnsembleMembersTest {

    private static final long[] SEEDS = {10, 20, 30};
    private static final Vocabulary VOCABULARY = new Vocabulary(3);
    private static final int BATCH = 4;
    private static final int TIME = 6;

    static Stream<ModelSpec> models() {
        return Stream.of(
                ModelSpec.transformer(2, 8, 2),
                ModelSpec.lstm(2, 6, 5),
                ModelSpec.denseSsm(5, true),
                // V·d = 5·60 > DenseSsm.ALL_TOKENS_MAX_ROWS: the grouped product.
                ModelSpec.denseSsm(60, true),
                GruProvider.spec(2, 6, 5),
                DiagonalRnnProvider.spec(5, "positive"),
                DiagonalRnnProvider.spec(5, "signed"),
                HouseholderRnnProvider.spec(5, 1),
                HouseholderRnnProvider.spec(5, 2));
    }

    @ParameterizedTest
    @MethodSource("models")
    void aMembersLossHasNoGradientForOtherMembersParameters(ModelSpec spec) {
        Engine.getInstance();
        try (NDManager manager = NDManager.newBaseManager();
             SequenceModel model = ModelFactory.create(spec, VOCABULARY, TIME, DataType.FLOAT64, SEEDS, manager)) {
            NDArray tokens = randomTokens(manager, SEEDS.length);
            for (int e = 0; e < SEEDS.length; e++) {
                JniUtils.setGradMode(true);
                NDArray loss = model.forward(tokens).get(e).logSoftmax(2).get(":, :, 0").sum().neg();
                JniUtils.backward((PtNDArray) loss, (PtNDArray) loss.onesLike(), false, false);
                JniUtils.setGradMode(false);
                double own = 0;
                List<NDArray> parameters = model.parameters();
                for (int p = 0; p < parameters.size(); p++) {
                    NDArray gradient = parameters.get(p).getGradient();
                    for (int f = 0; f < SEEDS.length; f++) {
                        double largest = gradient.get(f).abs().max().getDouble();
                        if (f == e) {
                            own = Math.max(own, largest);
                        } else {
                            assertEquals(0.0, largest, "member " + e + "'s loss, parameter " + p + " of member " + f);
                        }
                    }
                    gradient.subi(gradient.duplicate());
                }
                assertTrue(own > 0, "member " + e + "'s loss has no gradient for its own parameters");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void aMemberIsTheModelItsSeedBuildsAlone(ModelSpec spec) {
        Engine.getInstance();
        try (NDManager manager = NDManager.newBaseManager();
             SequenceModel ensemble = ModelFactory.create(spec, VOCABULARY, TIME, DataType.FLOAT32, SEEDS, manager)) {
            NDArray tokens = randomTokens(manager, SEEDS.length);
            NDArray logits = ensemble.forward(tokens);
            for (int e = 0; e < SEEDS.length; e++) {
                try (SequenceModel alone = ModelFactory.create(spec, VOCABULARY, TIME, DataType.FLOAT32, SEEDS[e],
                        manager)) {
                    for (int p = 0; p < alone.parameters().size(); p++) {
                        assertArrayEquals(alone.parameters().get(p).toFloatArray(),
                                ensemble.parameters().get(p).get(e).toFloatArray(), "parameter " + p + ", member " + e);
                    }
                    NDArray own = alone.forward(tokens.get(e).expandDims(0)).get(0);
                    double difference = own.sub(logits.get(e)).abs().max().getFloat();
                    assertTrue(difference <= 1e-6, "member " + e + " differs from its model alone by " + difference);
                }
            }
        }
    }

    private static NDArray randomTokens(NDManager manager, int members) {
        Random random = new Random(7);
        long[] ids = new long[members * BATCH * TIME];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(VOCABULARY.size());
        }
        return manager.create(ids, new Shape(members, BATCH, TIME));
    }
}
