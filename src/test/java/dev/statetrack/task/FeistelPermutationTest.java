package dev.statetrack.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FeistelPermutationTest {

    /** Every index of a small space is the image of exactly one index, and invert undoes apply. */
    @Property(tries = 300)
    void isABijectionOnSmallIndexSpaces(@ForAll @IntRange(min = 1, max = 5000) int size, @ForAll long key) {
        FeistelPermutation p = new FeistelPermutation(size, key);
        boolean[] hit = new boolean[size];
        for (int i = 0; i < size; i++) {
            long image = p.apply(i);
            assertEquals(false, hit[(int) image], "image " + image + " twice, size " + size);
            hit[(int) image] = true;
            assertEquals(i, p.invert(image));
        }
    }

    @Test
    void powersOfTwoAndTheLargestSizeWork() {
        for (long size : new long[] {2, 4, 1 << 16, (1 << 16) + 1}) {
            FeistelPermutation p = new FeistelPermutation(size, 3);
            boolean[] hit = new boolean[(int) size];
            for (int i = 0; i < size; i++) {
                hit[(int) p.apply(i)] = true;
            }
            for (boolean h : hit) {
                assertEquals(true, h, "size " + size);
            }
        }
        FeistelPermutation largest = new FeistelPermutation(FeistelPermutation.MAX_SIZE, 7);
        for (long i = FeistelPermutation.MAX_SIZE - 1000; i < FeistelPermutation.MAX_SIZE; i++) {
            assertEquals(i, largest.invert(largest.apply(i)));
        }
        assertThrows(IllegalArgumentException.class, () -> new FeistelPermutation(FeistelPermutation.MAX_SIZE + 1, 1));
        assertThrows(IllegalArgumentException.class, () -> largest.apply(-1));
    }

    @Test
    void theKeyChangesTheOrder() {
        List<Long> a = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        FeistelPermutation first = new FeistelPermutation(1000, 10);
        FeistelPermutation second = new FeistelPermutation(1000, 11);
        for (int i = 0; i < 1000; i++) {
            a.add(first.apply(i));
            b.add(second.apply(i));
        }
        assertNotEquals(a, b);
    }
}
