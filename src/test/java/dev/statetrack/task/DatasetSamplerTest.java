package dev.statetrack.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class DatasetSamplerTest {

    private static final List<String> GROUPS = List.of("Z2", "Z3", "Z5", "S3", "Z10");

    @Property(tries = 150)
    void samplesAreUniqueAndSplitsDisjoint(@ForAll @IntRange(min = 0, max = 4) int groupIndex,
                                          @ForAll @IntRange(min = 3, max = 7) int maxLength,
                                          @ForAll LengthDistribution distribution,
                                          @ForAll @IntRange(min = 1, max = 3000) int wantedSize,
                                          @ForAll @LongRange(min = 0, max = 1000) long seed) {
        Group g = GroupCatalog.parse(GROUPS.get(groupIndex));
        long available = DatasetSampler.availableForTraining(g.order(), distribution, maxLength);
        long n = Math.min(wantedSize, available);
        Dataset d = DatasetSampler.sample(g, distribution, maxLength, n, seed);
        Set<List<Integer>> train = keys(d.train());
        Set<List<Integer>> validation = keys(d.validation());
        assertEquals(n, d.train().size());
        assertEquals(d.train().size(), train.size(), "training sequences are unique");
        assertEquals(d.validation().size(), validation.size(), "validation sequences are unique");
        train.retainAll(validation);
        assertTrue(train.isEmpty(), "train and validation share " + train);
        for (Sample s : samples(d.train())) {
            assertTrue(s.length() >= 2 && s.length() <= maxLength);
            assertTrue(distribution != LengthDistribution.FIXED || s.length() == maxLength);
            assertTrue(Arrays.equals(g.runningStates(s.elements()), s.states()));
        }
    }

    @Property(tries = 100)
    void validationFollowsBothTwentyPercentRules(@ForAll @IntRange(min = 0, max = 4) int groupIndex,
                                                 @ForAll @IntRange(min = 2, max = 8) int maxLength,
                                                 @ForAll LengthDistribution distribution,
                                                 @ForAll @LongRange(min = 0, max = 1000) long seed) {
        Group g = GroupCatalog.parse(GROUPS.get(groupIndex));
        int size = SequenceSpace.validationSize(g.order(), distribution, maxLength);
        Dataset d = DatasetSampler.sample(g, distribution, maxLength, 1, seed);
        long all = 0;
        long caps = 0;
        int[] perLength = new int[maxLength + 1];
        for (Sample s : samples(d.validation())) {
            perLength[s.length()]++;
        }
        int[] lengths = SequenceSpace.validationLengths(distribution, maxLength);
        for (int n : lengths) {
            long ofLength = (long) Math.pow(g.order(), n);
            all += ofLength;
            caps += ofLength / 5;
        }
        assertEquals(size, d.validation().size());
        if (caps == 0) {
            // 20% rounds to nothing everywhere: one sequence of the longest length is held out.
            assertEquals(1, size);
            assertEquals(1, perLength[lengths[lengths.length - 1]]);
            return;
        }
        for (int n : lengths) {
            long ofLength = (long) Math.pow(g.order(), n);
            assertTrue(perLength[n] * 5L <= ofLength, "length " + n + " gives " + perLength[n] + " of " + ofLength);
        }
        assertTrue(size <= 2000 && size * 5L <= all);
        assertEquals(Math.min(Math.min(2000, all / 5), caps), size);
    }

    @Test
    void aWholeSpaceIsDrawnOnceEachWithNothingRemembered() {
        Group z2 = GroupCatalog.parse("Z2");
        // all 2^20 sequences of length 20: rejection sampling needed about 2^20·ln 2^20 draws and a set of all
        long all = DatasetSampler.availableForTraining(2, LengthDistribution.FIXED, 20);
        Dataset d = DatasetSampler.sample(z2, LengthDistribution.FIXED, 20, all, 1);
        Set<List<Integer>> every = keys(d.train());
        every.addAll(keys(d.validation()));
        assertEquals(1 << 20, every.size(), "every sequence once, in training or validation");
    }

    @Test
    void trainingMembershipComesFromRanks() {
        Group s3 = GroupCatalog.parse("S3");
        for (LengthDistribution dist : LengthDistribution.values()) {
            Dataset d = DatasetSampler.sample(s3, dist, 7, 3000, 4);
            Set<List<Integer>> train = keys(d.train());
            for (int i = 0; i < d.train().size(); i++) {
                assertTrue(d.trains(d.train().elements(i)), dist.id());
            }
            for (int i = 0; i < d.validation().size(); i++) {
                assertFalse(d.trains(d.validation().elements(i)), "validation is not training: " + dist.id());
            }
            for (int n = 2; n <= 9; n++) {
                PackedSequences probe = DatasetSampler.probe(s3, n, 200, 9);
                for (int i = 0; i < probe.size(); i++) {
                    int[] x = probe.elements(i);
                    assertEquals(train.contains(Arrays.stream(x).boxed().toList()), d.trains(x), dist.id() + " n=" + n);
                }
            }
        }
        // beyond 2^62 sequences of a length, ranks cover the first digits and the rest must match too
        Dataset huge = DatasetSampler.sample(GroupCatalog.parse("S5"), LengthDistribution.FIXED, 30, 1000, 2);
        int[] x = huge.train().elements(17);
        assertTrue(huge.trains(x));
        x[29] = (x[29] + 1) % 120;
        assertFalse(huge.trains(x), "a sequence that shares a training sequence's first digits only");
    }

    @Test
    void sizesOfVeryLongLengthsAreComputedAtOnce() {
        long t0 = System.nanoTime();
        assertEquals(Long.MAX_VALUE, DatasetSampler.availableForTraining(120, LengthDistribution.UNIFORM, 10_000));
        assertEquals(2000, SequenceSpace.validationSize(120, LengthDistribution.UNIFORM, 10_000));
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "no exact powers of 120 up to 120^10000 (tens of seconds)");
        assertThrows(IllegalArgumentException.class,
                () -> DatasetSampler.availableForTraining(3, LengthDistribution.UNIFORM, DatasetSampler.MAX_LENGTH + 1));
    }

    @Test
    void tinySpacesWhereFloorsBindGiveTheSumOfThePerLengthCaps() {
        // Z2, L = 3: 4 + 8 sequences; 20% of 12 is 2, but the caps are 0 (of 4) and 1 (of 8).
        assertEquals(1, SequenceSpace.validationSize(2, LengthDistribution.UNIFORM, 3));
        assertEquals(11, DatasetSampler.availableForTraining(2, LengthDistribution.UNIFORM, 3));
    }

    @Test
    void validationDoesNotDependOnN() {
        Group s3 = GroupCatalog.parse("S3");
        for (LengthDistribution dist : LengthDistribution.values()) {
            PackedSequences small = DatasetSampler.sample(s3, dist, 5, 10, 20).validation();
            PackedSequences large = DatasetSampler.sample(s3, dist, 5, 5000, 20).validation();
            assertEquals(keysInOrder(small), keysInOrder(large), dist.id());
            PackedSequences otherSeed = DatasetSampler.sample(s3, dist, 5, 10, 30).validation();
            assertTrue(!keysInOrder(small).equals(keysInOrder(otherSeed)), "the seed changes the draw");
        }
    }

    @Test
    void trainingSetsAreNestedAcrossN() {
        Group z5 = GroupCatalog.parse("Z5");
        for (LengthDistribution dist : LengthDistribution.values()) {
            List<List<Integer>> small = keysInOrder(DatasetSampler.sample(z5, dist, 6, 300, 7).train());
            List<List<Integer>> large = keysInOrder(DatasetSampler.sample(z5, dist, 6, 3000, 7).train());
            assertEquals(small, large.subList(0, 300), dist.id());
        }
    }

    @Test
    void shortToLongExhaustsLengthsInOrder() {
        Group z3 = GroupCatalog.parse("Z3");
        // Lengths 2, 3, 4 hold 9, 27, 81 sequences; validation takes 1, 5 and 16 of them.
        Dataset d = DatasetSampler.sample(z3, LengthDistribution.SHORT_TO_LONG, 5, 50, 1);
        int[] validationPerLength = new int[6];
        samples(d.validation()).forEach(s -> validationPerLength[s.length()]++);
        int expectedLength2 = 9 - validationPerLength[2];
        int expectedLength3 = 27 - validationPerLength[3];
        int previous = 2;
        int[] perLength = new int[6];
        for (Sample s : samples(d.train())) {
            assertTrue(s.length() >= previous, "lengths never go back");
            previous = s.length();
            perLength[s.length()]++;
        }
        assertEquals(expectedLength2, perLength[2]);
        assertEquals(expectedLength3, perLength[3]);
        assertEquals(50 - expectedLength2 - expectedLength3, perLength[4]);
    }

    @Test
    void uniformCoversAllLengthsAndDropsExhaustedOnes() {
        Group z2 = GroupCatalog.parse("Z2");
        long available = DatasetSampler.availableForTraining(2, LengthDistribution.UNIFORM, 6);
        Dataset d = DatasetSampler.sample(z2, LengthDistribution.UNIFORM, 6, available, 3);
        assertEquals(4 + 8 + 16 + 32 + 64, d.train().size() + d.validation().size(), "every sequence is used");
    }

    @Test
    void aSpaceWhere20PercentRoundsToNothingStillHoldsOneSequenceOut() {
        Group z2 = GroupCatalog.parse("Z2");
        Dataset d = DatasetSampler.sample(z2, LengthDistribution.FIXED, 2, 3, 1);
        assertEquals(1, d.validation().size());
        Set<List<Integer>> all = keys(d.train());
        all.addAll(keys(d.validation()));
        assertEquals(4, all.size(), "the three training sequences and the held-out one are all four");
        assertThrows(IllegalArgumentException.class, () -> DatasetSampler.sample(z2, LengthDistribution.FIXED, 2, 4, 1));
    }

    @Test
    void hugeSpacesCountWithoutOverflowAndSampleQuickly() {
        assertEquals(Long.MAX_VALUE, DatasetSampler.availableForTraining(100, LengthDistribution.FIXED, 60));
        assertEquals(Long.MAX_VALUE, DatasetSampler.availableForTraining(100, LengthDistribution.UNIFORM, 30));
        assertEquals(1_000_000_000L - 2000, DatasetSampler.availableForTraining(10, LengthDistribution.FIXED, 9));
        long start = System.nanoTime();
        Dataset d = DatasetSampler.sample(GroupCatalog.parse("Z100"), LengthDistribution.UNIFORM, 30, 200_000, 1);
        assertEquals(200_000, d.train().size());
        assertEquals(2000, d.validation().size());
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "200k samples of Z100 at L=30 in under 20 s");
    }

    @Test
    void impossibleRequestsAreRefused() {
        Group z2 = GroupCatalog.parse("Z2");
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> DatasetSampler.sample(z2, LengthDistribution.FIXED, 5, 100, 1));
        assertTrue(tooMany.getMessage().contains("allowed 1..26"), tooMany.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DatasetSampler.sample(z2, LengthDistribution.FIXED, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> DatasetSampler.sample(z2, LengthDistribution.FIXED, 5, 0, 1));
        Group trivial = new TableGroup("trivial", new int[][] {{0}});
        IllegalArgumentException single = assertThrows(IllegalArgumentException.class,
                () -> DatasetSampler.sample(trivial, LengthDistribution.FIXED, 2, 1, 1));
        assertTrue(single.getMessage().contains("nothing can be held out"), single.getMessage());
    }

    @Test
    void probesAreDistinctAndCappedAtTheSpace() {
        Group z2 = GroupCatalog.parse("Z2");
        assertEquals(8, keys(DatasetSampler.probe(z2, 3, 100, 1)).size());
        PackedSequences probe = DatasetSampler.probe(GroupCatalog.parse("S5"), 12, 500, 1);
        assertEquals(500, keys(probe).size());
    }

    private static Set<List<Integer>> keys(PackedSequences samples) {
        return new HashSet<>(keysInOrder(samples));
    }

    private static List<List<Integer>> keysInOrder(PackedSequences samples) {
        return samples(samples).stream().map(s -> Arrays.stream(s.elements()).boxed().toList()).toList();
    }

    private static List<Sample> samples(PackedSequences packed) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < packed.size(); i++) {
            samples.add(packed.sample(i));
        }
        return samples;
    }
}
