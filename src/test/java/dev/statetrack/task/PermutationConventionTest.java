package dev.statetrack.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** STUDY.md: (σ∘τ)(i) = σ(τ(i)), s_i = x_i ∘ s_{i-1}, so x_1 is applied first. */
class PermutationConventionTest {

    private final PermutationGroup s3 = PermutationGroup.symmetric(3);

    @Test
    void elementsAreNumberedByLexicographicRank() {
        assertEquals("[0 1 2]", s3.label(0));
        assertEquals("[0 2 1]", s3.label(1));
        assertEquals("[1 0 2]", s3.label(2));
        assertEquals("[2 1 0]", s3.label(5));
        PermutationGroup s5 = PermutationGroup.symmetric(5);
        assertEquals("[0 1 2 3 4]", s5.label(0));
        assertEquals("[4 3 2 1 0]", s5.label(119));
        assertEquals("[1 0 2 3 4]", s5.label(24));
    }

    @Test
    void theFirstElementIsAppliedFirst() {
        // x_1 = [1 0 2] swaps 0 and 1; x_2 = [0 2 1] swaps 1 and 2.
        // s_2 = x_2 ∘ x_1: 0 -> 1 -> 2, 1 -> 0 -> 0, 2 -> 2 -> 1, i.e. [2 0 1].
        int swap01 = 2;
        int swap12 = 1;
        int[] states = s3.runningStates(new int[] {swap01, swap12});
        assertEquals("[1 0 2]", s3.label(states[0]));
        assertEquals("[2 0 1]", s3.label(states[1]));
        // The other order gives the other 3-cycle: 0 -> 0 -> 1, 1 -> 2 -> 2, 2 -> 1 -> 0.
        assertEquals("[1 2 0]", s3.label(s3.runningStates(new int[] {swap12, swap01})[1]));
    }

    @Test
    void threeStepsComposeRightToLeft() {
        // x = [1 2 0] (0->1->2->0), three times is the identity; twice is [2 0 1].
        int cycle = 3;
        assertEquals("[1 2 0]", s3.label(cycle));
        int[] states = s3.runningStates(new int[] {cycle, cycle, cycle});
        assertArrayEquals(new int[] {3, 4, 0}, states);
    }

    @Test
    void dihedralGroupActsOnThePolygon() {
        PermutationGroup d4 = PermutationGroup.dihedral(4);
        assertEquals(8, d4.order());
        assertEquals("[0 1 2 3]", d4.label(0));
        // Among the 8 symmetries of a square exactly 2 fix vertex 0: the identity and one reflection.
        int fixing0 = 0;
        for (int e = 0; e < 8; e++) {
            fixing0 += d4.permutation(e)[0] == 0 ? 1 : 0;
        }
        assertEquals(2, fixing0);
    }
}
