package dev.statetrack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.statetrack.task.Vocabulary;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two ways of applying the per-token transitions compute the same function, for three members. */
class DenseSsmPathsTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void allTokensAndGroupedProductsAgree(boolean normalizeState) {
        Vocabulary vocabulary = new Vocabulary(5);
        int members = 3;
        int batch = 9;
        int time = 7;
        Random random = new Random(5);
        try (NDManager manager = NDManager.newBaseManager();
             SequenceModel model = ModelFactory.create(ModelSpec.denseSsm(6, normalizeState), vocabulary, time,
                     DataType.FLOAT64, new long[] {3, 4, 5}, manager)) {
            long[] ids = new long[members * batch * time];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = random.nextInt(vocabulary.size());
            }
            NDArray tokens = manager.create(ids, new Shape(members, batch, time));
            DenseSsm ssm = (DenseSsm) model;
            double difference = ssm.forwardAllTokens(tokens).sub(ssm.forwardGrouped(tokens)).abs().max().getDouble();
            assertTrue(difference < 1e-12, "largest difference " + difference);
        }
    }
}
