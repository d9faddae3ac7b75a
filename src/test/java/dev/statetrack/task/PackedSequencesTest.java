package dev.statetrack.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedSequencesTest {

    /**
     * The training path builds batches straight from packed arrays; the object path encodes Sample
     * objects one by one. For the same sequences, rows (repeats and any order) and format they must give
     * the same batch, in groups packed with 3, 9, 17 and 4 bits per element (words straddled).
     */
    @Test
    void compactAndObjectDatasetsGiveIdenticalBatches() {
        Random random = new Random(5);
        for (String name : List.of("S3", "Z300", "Z70000", "Z2xS3")) {
            Group group = GroupCatalog.parse(name);
            Vocabulary vocabulary = new Vocabulary(group.order());
            List<int[]> sequences = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int[] x = new int[2 + random.nextInt(9)];
                for (int j = 0; j < x.length; j++) {
                    x[j] = random.nextInt(group.order());
                }
                sequences.add(x);
            }
            PackedSequences packed = PackedSequences.of(group, sequences);
            int[] rows = new int[64];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = random.nextInt(sequences.size());
            }
            for (Format format : Format.values()) {
                List<EncodedSample> objects = new ArrayList<>();
                for (int row : rows) {
                    objects.add(format.encode(Sample.of(group, sequences.get(row)), vocabulary));
                }
                Batch expected = Batch.of(objects, vocabulary);
                Batch compact = Batch.of(packed, rows, format, vocabulary);
                String what = name + " " + format.id();
                assertEquals(expected.batchSize(), compact.batchSize(), what);
                assertEquals(expected.length(), compact.length(), what);
                assertArrayEquals(expected.inputs(), compact.inputs(), what);
                assertArrayEquals(expected.targets(), compact.targets(), what);
                assertArrayEquals(expected.mask(), compact.mask(), what);
                assertArrayEquals(expected.answerPositions(), compact.answerPositions(), what);
                assertEquals(expected.supervisedCount(), compact.supervisedCount(), what);
            }
            for (int i = 0; i < sequences.size(); i++) {
                assertArrayEquals(sequences.get(i), packed.elements(i), name);
            }
        }
    }

    @Test
    void elementsTakeTheBitsTheOrderNeedsAndStartsAreKeptOnlyForMixedLengths() {
        Group s5 = GroupCatalog.parse("S5");
        List<int[]> sequences = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sequences.add(new int[] {i % 120, 119, 0, 64, 7, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                17, 18, 19, 20, 21, 22, 23, 24, 119});
        }
        PackedSequences oneLength = PackedSequences.of(s5, sequences);
        assertEquals(8 * ((1000 * 30 * 7 + 63) / 64) + 64, oneLength.heapBytes(), "7 bits an element, no starts");
        sequences.set(500, new int[] {3, 4});
        PackedSequences mixed = PackedSequences.of(s5, sequences);
        assertEquals(8 * ((999 * 30 * 7 + 2 * 7 + 63) / 64) + 4 * 1001 + 64, mixed.heapBytes());
        for (int i = 0; i < sequences.size(); i++) {
            assertArrayEquals(sequences.get(i), mixed.elements(i), "sequence " + i);
        }
        assertEquals(1, PackedSequences.bitsPerElement(2));
        assertEquals(7, PackedSequences.bitsPerElement(120));
        assertEquals(8, PackedSequences.bitsPerElement(256));
        assertEquals(9, PackedSequences.bitsPerElement(257));
    }
}
