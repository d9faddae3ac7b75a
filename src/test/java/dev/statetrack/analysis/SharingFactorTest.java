package dev.statetrack.analysis;

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
        assertEquals("2.50–2.50", k.range(), "every bracket is a single N");
    }

    @Test
    void theVariantFromThreeLeavesOutTheTableTermAndNamesTermsByTheirLength() {
        // the paper's κ over 2..4 with an unlearnt table term is a lower bound; from 3 on it is exact
        List<SearchResult> terms = List.of(notLearnable(29), learnt(72), learnt(76));
        SharingFactor paper = SharingFactor.of(terms, learnt(92));
        SharingFactor fromThree = SharingFactor.of(terms.subList(1, 3), 3, learnt(92));
        assertEquals(SharingFactor.Kind.LOWER_BOUND, paper.kind());
        assertTrue(paper.explanation().contains("n=2 (N_max 29)"), paper.explanation());
        assertEquals(SharingFactor.Kind.EXACT, fromThree.kind());
        assertEquals((72 + 76) / 92.0, fromThree.value(), 1e-12);
        assertTrue(fromThree.upper() <= paper.lower(), "one term fewer: never larger than the paper's κ");

        SharingFactor unlearntThree = SharingFactor.of(List.of(notLearnable(173), learnt(76)), 3, learnt(92));
        assertEquals(SharingFactor.Kind.LOWER_BOUND, unlearntThree.kind());
        assertTrue(unlearntThree.explanation().contains("n=3 (N_max 173)"), unlearntThree.explanation());
        assertTrue(SharingFactor.of(Arrays.asList(learnt(72), null), 3, learnt(92)).explanation().contains("N*_4"));
    }

    @Test
    void aTermStoppedAtTheStepLimitWithoutAFailureIsNotExactAndWidensTheRange() {
        // N*_3 ≤ 30: the search never saw a failure, so N*_3 may be anything from 1 to 30
        SearchResult unbracketed = new SearchResult(1_000_000, 30, 0, SearchResult.StopReason.STEP_LIMIT, List.of());
        SharingFactor k = SharingFactor.of(List.of(learnt(10), unbracketed, learnt(60)), learnt(40));
        assertEquals(SharingFactor.Kind.RANGE, k.kind());
        assertEquals(2.5, k.value(), 1e-12, "the point value still adds N* as found");
        assertEquals((10 + 1 + 60) / 40.0, k.lower(), 1e-12);
        assertEquals(2.5, k.upper(), 1e-12);
        assertEquals("2.50 (1.78–2.50)", k.display());
        assertTrue(k.explanation().contains("N*_3 ≤ 30"), k.explanation());
    }

    @Test
    void anUnbracketedJointOpensTheRangeUpwards() {
        SearchResult joint = new SearchResult(1_000_000, 40, 0, SearchResult.StopReason.STEP_LIMIT, List.of());
        SharingFactor k = SharingFactor.of(List.of(learnt(10), learnt(30)), joint);
        assertEquals(SharingFactor.Kind.RANGE, k.kind());
        assertEquals(1.0, k.value(), 1e-12);
        assertEquals(1.0, k.lower(), 1e-12, "40 / 40");
        assertEquals(40.0, k.upper(), 1e-12, "40 / 1: N*_joint may be 1");
    }

    @Test
    void aBracketWiderThanTheToleranceIsNotExact() {
        // the search bisected but hit the step limit with N*_2 in (20, 40]
        SearchResult wide = new SearchResult(1_000_000, 40, 20, SearchResult.StopReason.STEP_LIMIT, List.of());
        SharingFactor k = SharingFactor.of(List.of(wide), learnt(10));
        assertEquals(SharingFactor.Kind.RANGE, k.kind());
        assertEquals(2.1, k.lower(), 1e-12, "21 / 10");
        assertEquals(4.0, k.upper(), 1e-12);
        assertTrue(k.explanation().contains("N*_2 in (20, 40]"), k.explanation());
    }

    @Test
    void lowerBoundWhenAFixedTermIsNotLearnable() {
        SharingFactor k = SharingFactor.of(List.of(learnt(10), notLearnable(500), learnt(60)), learnt(100));
        assertEquals(SharingFactor.Kind.LOWER_BOUND, k.kind());
        assertEquals(5.71, k.value(), 1e-12, "(10 + (N_max 500) + 1 + 60) / 100: N*_3 > N_max");
        assertEquals("> 5.71", k.display());
        assertEquals("≥ 5.71", k.range());
        assertTrue(k.explanation().contains("n=3"), k.explanation());
    }

    @Test
    void upperBoundWhenTheJointIsNotLearnable() {
        SharingFactor k = SharingFactor.of(List.of(learnt(10), learnt(30)), notLearnable(8));
        assertEquals(SharingFactor.Kind.UPPER_BOUND, k.kind());
        assertEquals(40 / 9.0, k.value(), 1e-12, "40 / (N_max 8 + 1): N*_joint > N_max");
        assertEquals("< 4.44", k.display());
        assertEquals("≤ 4.44", k.range());
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
