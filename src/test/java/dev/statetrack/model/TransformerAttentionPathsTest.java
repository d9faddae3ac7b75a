package dev.statetrack.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.statetrack.task.Vocabulary;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

/**
 * Broadcast attention (all heads at once, multiply-and-sum) computes what the head-by-head batched
 * products compute: the same logits and gradients, in double precision to 1e-12 and in float32 to
 * float rounding, for three members, at lengths on both sides of the threshold between them.
 */
class TransformerAttentionPathsTest {

    @ParameterizedTest
    @CsvSource({"FLOAT64, 3, 1e-12", "FLOAT64, 9, 1e-12", "FLOAT32, 4, 2e-5", "FLOAT32, 9, 2e-5"})
    void broadcastAndHeadByHeadAttentionAgree(DataType dataType, int time, double tolerance) {
        Vocabulary vocabulary = new Vocabulary(5);
        try (NDManager manager = NDManager.newBaseManager();
             SequenceModel model = ModelFactory.create(ModelSpec.transformer(2, 12, 3), vocabulary, time, dataType,
                     new long[] {3, 4, 5}, manager)) {
            Transformer transformer = (Transformer) model;
            PathAgreement.assertAgree(model, PathAgreement.tokens(manager, new Random(5), 3, 4, time, vocabulary.size()),
                    transformer::forwardHeadByHead, transformer::forwardBroadcast, tolerance);
        }
    }
}
