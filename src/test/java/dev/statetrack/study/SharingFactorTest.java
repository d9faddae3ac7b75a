package dev.statetrack.study;

import dev.statetrack.search.SearchResult;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharingFactorTest {

    private static SearchResult learnt(long nStar) {
        return new SearchResult(1_000_000, nStar, nStar - 1, SearchResult.StopReason.CONVERGED, List.of());
    }

    private static SearchResult notLearnable(long nMax) {
        return new SearchResult(nMax, 0, nMax, SearchResult.StopReason.NOT_LEARNABLE, List.of());
    }

    @Test
    void exactWhenEveryTermIsLearnt() {
        SharingFactor k = SharingFactor.of(List.of(learnt(10), learnt(30), learnt(60)), learnt(40));
        assertEquals(SharingFactor.Kind.EXACT, k.kind());
        assertEquals(2.5, k.value(), 1e-12);
        assertEquals("2.50", k.display());
    }

    @Test
    void lowerBoundWhenAFixedTermIsNotLearnable() {
        SharingFactor k = SharingFactor.of(List.of(learnt(10), notLearnable(500), learnt(60)), learnt(100));
        assertEquals(SharingFactor.Kind.LOWER_BOUND, k.kind());
        assertEquals(5.7, k.value(), 1e-12, "(10 + N_max 500 + 60) / 100");
        assertEquals("> 5.70", k.display());
        assertTrue(k.explanation().contains("n=3"), k.explanation());
    }

    @Test
    void upperBoundWhenTheJointIsNotLearnable() {
        SharingFactor k = SharingFactor.of(List.of(learnt(10), learnt(30)), notLearnable(8));
        assertEquals(SharingFactor.Kind.UPPER_BOUND, k.kind());
        assertEquals(5.0, k.value(), 1e-12, "40 / N_max 8");
        assertEquals("< 5.00", k.display());
    }

    @Test
    void undefinedWhenBothSidesExceedTheBudget() {
        SharingFactor k = SharingFactor.of(List.of(notLearnable(9), learnt(30)), notLearnable(8));
        assertEquals(SharingFactor.Kind.UNDEFINED, k.kind());
        assertTrue(Double.isNaN(k.value()));
        assertEquals("undefined", k.display());
    }

    @Test
    void undefinedWhileASearchIsUnfinished() {
        SharingFactor k = SharingFactor.of(Arrays.asList(learnt(10), null), learnt(5));
        assertEquals(SharingFactor.Kind.UNDEFINED, k.kind());
        assertTrue(k.explanation().contains("N*_3"), k.explanation());
        assertEquals(SharingFactor.Kind.UNDEFINED, SharingFactor.of(List.of(learnt(10)), null).kind());
    }
}
