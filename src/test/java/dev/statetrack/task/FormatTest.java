package dev.statetrack.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The worked example: Z5, x = 1 2 4, so s = 1 3 2; SEP = 5, PAD = 6. */
class FormatTest {

    private final Group z5 = new CyclicGroup(5);
    private final Vocabulary vocabulary = new Vocabulary(5);
    private final Sample sample = Sample.of(z5, new int[] {1, 2, 4});
    private static final int U = EncodedSample.UNSUPERVISED;

    @Test
    void runningSumsModuloM() {
        assertArrayEquals(new int[] {1, 3, 2}, sample.states());
    }

    @Test
    void outcomeSupervisesOnlyTheFinalStateAtSep() {
        EncodedSample e = Format.OUTCOME.encode(sample, vocabulary);
        assertArrayEquals(new int[] {1, 2, 4, 5, 2}, Format.OUTCOME.stream(e));
        assertArrayEquals(new int[] {1, 2, 4, 5}, e.input());
        assertArrayEquals(new int[] {U, U, U, 2}, e.target());
        assertArrayEquals(new int[] {3}, Format.OUTCOME.supervisedPositions(e));
        assertEquals(3, e.answerPosition());
    }

    @Test
    void cotSupervisesEveryStateFromThePreviousToken() {
        EncodedSample e = Format.COT.encode(sample, vocabulary);
        assertArrayEquals(new int[] {1, 2, 4, 5, 1, 3, 2}, Format.COT.stream(e));
        assertArrayEquals(new int[] {1, 2, 4, 5, 1, 3}, e.input());
        assertArrayEquals(new int[] {U, U, U, 1, 3, 2}, e.target());
        assertEquals(5, e.answerPosition());
        assertEquals(4, e.promptLength());
    }

    @Test
    void acotLabelsEveryPositionWithItsState() {
        EncodedSample e = Format.ACOT.encode(sample, vocabulary);
        assertArrayEquals(new int[] {1, 2, 4}, Format.ACOT.stream(e));
        assertArrayEquals(new int[] {1, 3, 2}, e.target());
        assertEquals(2, e.answerPosition());
    }

    @Test
    void inputLengthMatchesEncoding() {
        for (Format f : Format.values()) {
            assertEquals(f.inputLength(3), f.encode(sample, vocabulary).length(), f.id());
        }
    }

    @Test
    void paddingIsNeverSupervised() {
        Sample shorter = Sample.of(z5, new int[] {3, 3});
        Batch b = Batch.of(List.of(Format.COT.encode(sample, vocabulary), Format.COT.encode(shorter, vocabulary)),
                vocabulary);
        assertEquals(2, b.batchSize());
        assertEquals(6, b.length());
        // Row 1: x = 3 3, s = 3 1: input 3 3 SEP 3, then two PADs.
        assertArrayEquals(new long[] {3, 3, 5, 3, 6, 6}, java.util.Arrays.copyOfRange(b.inputs(), 6, 12));
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0}, java.util.Arrays.copyOfRange(b.mask(), 6, 12));
        assertArrayEquals(new long[] {0, 0, 3, 1, 0, 0}, java.util.Arrays.copyOfRange(b.targets(), 6, 12));
        assertEquals(3 + 2, b.supervisedCount());
        assertArrayEquals(new int[] {5, 3}, b.answerPositions());
    }
}
