package dev.statetrack.search;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NStarSearchTest {

    private static SearchResult search(SearchSettings settings, long nMax, LongPredicate succeeds) {
        return new NStarSearch(settings).run(nMax,
                (index, phase, n) -> new SearchStep(index, phase, n, succeeds.test(n), List.of()), step -> { });
    }

    @Property(tries = 300)
    void findsAKnownThresholdWithinToleranceAndStepLimit(@ForAll @LongRange(min = 1, max = 16_000_000) long threshold,
                                                         @ForAll @LongRange(min = 1, max = 16_000_000) long nMax) {
        SearchResult r = search(SearchSettings.PAPER, nMax, n -> n >= threshold);
        assertTrue(r.trace().size() <= 20, "at most S sample sizes");
        if (threshold > nMax) {
            assertEquals(SearchResult.StopReason.NOT_LEARNABLE, r.stopReason());
            assertEquals(1, r.trace().size());
            return;
        }
        assertTrue(r.nStar() >= threshold, "N* is a success, so at least the threshold");
        assertEquals(SearchResult.StopReason.CONVERGED == r.stopReason() || r.stopReason() == SearchResult.StopReason.REACHED_ONE,
                true, "the paper's settings converge well within 20 steps: " + r);
        if (r.stopReason() == SearchResult.StopReason.CONVERGED) {
            assertTrue(r.largestFailing() < threshold, "the largest failure is below the threshold");
            assertTrue(r.nStar() - r.largestFailing() <= 1 || r.nStar() <= 1.05 * r.largestFailing(),
                    "within tolerance: " + r);
        } else {
            assertEquals(1, threshold);
            assertEquals(1, r.nStar());
        }
        List<Long> tried = new ArrayList<>();
        r.trace().forEach(s -> tried.add(s.trainSize()));
        assertEquals(tried.stream().distinct().count(), tried.size(), "no sample size is tried twice: " + tried);
    }

    @Test
    void neverSucceedingIsNotLearnableAfterOneTry() {
        SearchResult r = search(SearchSettings.PAPER, 5000, n -> false);
        assertFalse(r.learnable());
        assertEquals(List.of(5000L), r.trace().stream().map(SearchStep::trainSize).toList());
        assertEquals(SearchStep.Phase.MAXIMUM, r.trace().get(0).phase());
    }

    @Test
    void succeedingAtOneStopsThere() {
        SearchResult r = search(SearchSettings.PAPER, 16_000_000, n -> true);
        assertEquals(1, r.nStar());
        assertEquals(SearchResult.StopReason.REACHED_ONE, r.stopReason());
        assertEquals(List.of(16_000_000L, 16_000L, 16L, 1L), r.trace().stream().map(SearchStep::trainSize).toList());
    }

    @Test
    void geometricPhaseThenLogBisection() {
        SearchResult r = search(new SearchSettings(10, 20, 0.05), 1000, n -> n >= 37);
        List<Long> tried = r.trace().stream().map(SearchStep::trainSize).toList();
        assertEquals(List.of(1000L, 100L, 10L), tried.subList(0, 3));
        assertEquals(SearchStep.Phase.BISECTION, r.trace().get(3).phase());
        assertEquals(32, tried.get(3), "sqrt(10 * 100) rounded");
        assertEquals(37, r.nStar(), "hi - lo <= 1 lands on the exact threshold");
        assertEquals(36, r.largestFailing());
    }

    @Test
    void stepLimitStopsTheSearchWithTheSmallestSuccessSoFar() {
        SearchResult r = search(new SearchSettings(1000, 3, 0.05), 1_000_000, n -> n >= 123_456);
        assertEquals(3, r.trace().size());
        assertEquals(SearchResult.StopReason.STEP_LIMIT, r.stopReason());
        assertEquals(1_000_000, r.nStar());
        assertTrue(r.learnable());
    }

    @Test
    void midpointIsStrictlyBetween() {
        assertEquals(2, NStarSearch.logMidpoint(1, 3));
        assertEquals(100, NStarSearch.logMidpoint(10, 1000));
        assertEquals(2, NStarSearch.logMidpoint(1, 4), "sqrt(4) = 2");
        long mid = NStarSearch.logMidpoint(1_000_000_000L, 1_000_000_002L);
        assertEquals(1_000_000_001L, mid);
    }
}
