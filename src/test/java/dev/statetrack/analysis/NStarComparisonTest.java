package dev.statetrack.analysis;

import dev.statetrack.search.SearchResult;
import dev.statetrack.search.SearchResult.StopReason;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NStarComparisonTest {

    private static SearchResult converged(long nStar) {
        return new SearchResult(100_000, nStar, nStar - 1, StopReason.CONVERGED, List.of());
    }

    @Test
    void withIntervalsOnlyDisjointIntervalsBeyondTheToleranceAreDifferences() {
        Optional<IntervalEstimate> none = Optional.empty();
        Optional<IntervalEstimate> around100 = Optional.of(new IntervalEstimate(100, 70, 140));
        Optional<IntervalEstimate> around300 = Optional.of(new IntervalEstimate(300, 150, 500));
        Optional<IntervalEstimate> around200 = Optional.of(new IntervalEstimate(200, 130, 320));
        Optional<IntervalEstimate> openEnded = Optional.of(new IntervalEstimate(100, 60, Double.POSITIVE_INFINITY));
        Optional<IntervalEstimate> undefined = Optional.of(IntervalEstimate.UNDEFINED);
        assertEquals(NStarComparison.Verdict.FIRST_LESS, NStarComparison.judge(converged(100), converged(300), 0.25, none, none));
        assertEquals(NStarComparison.Verdict.FIRST_LESS, NStarComparison.judge(converged(100), converged(300), 0.25, around100, around300));
        assertEquals(NStarComparison.Verdict.SECOND_LESS, NStarComparison.judge(converged(300), converged(100), 0.25, around300, around100));
        // beyond the tolerance, but 140 > 130: the intervals overlap
        assertEquals(NStarComparison.Verdict.NOT_SEPARATED,
                NStarComparison.judge(converged(100), converged(200), 0.25, around100, around200));
        // disjoint intervals but within the tolerance
        assertEquals(NStarComparison.Verdict.NOT_SEPARATED, NStarComparison.judge(converged(100), converged(120), 0.25,
                Optional.of(new IntervalEstimate(100, 99, 101)), Optional.of(new IntervalEstimate(120, 119, 121))));
        assertEquals(NStarComparison.Verdict.NOT_SEPARATED, NStarComparison.judge(converged(100), converged(300), 0.25, openEnded, around300));
        assertEquals(NStarComparison.Verdict.NOT_SEPARATED, NStarComparison.judge(converged(100), converged(300), 0.25, around100, undefined));
        assertEquals(NStarComparison.Verdict.NOT_SEPARATED, NStarComparison.judge(converged(100), converged(300), 0.25, around100, none));
    }

    @Test
    void anUnbracketedNStarOverlapsEverySmallerOne() {
        // "≤ 310": the search stopped at its step limit before any failure, so its threshold may be 100 or less
        SearchResult unbracketed = new SearchResult(100_000, 310, 0, StopReason.STEP_LIMIT, List.of());
        Optional<IntervalEstimate> none = Optional.empty();
        assertEquals(NStarComparison.Verdict.NOT_SEPARATED,
                NStarComparison.judge(converged(100), unbracketed, 0.05, none, none));
        assertEquals(NStarComparison.Verdict.NOT_SEPARATED,
                NStarComparison.judge(unbracketed, converged(100), 0.05, none, none));
        // an unbracketed N* below a bracketed larger one is still smaller: its threshold is at most 310
        assertEquals(NStarComparison.Verdict.FIRST_LESS,
                NStarComparison.judge(unbracketed, converged(1000), 0.05, none, none));
        // a bracket wider than the tolerance, (200, 400], overlaps 300's
        SearchResult wide = new SearchResult(100_000, 400, 200, StopReason.STEP_LIMIT, List.of());
        assertEquals(NStarComparison.Verdict.NOT_SEPARATED,
                NStarComparison.judge(converged(300), wide, 0.05, none, none));
        assertEquals(NStarComparison.Verdict.SECOND_LESS,
                NStarComparison.judge(wide, converged(150), 0.05, none, none));
    }

    @Test
    void countsPerCell() {
        SearchResult notLearnable = new SearchResult(500, 0, 500, StopReason.NOT_LEARNABLE, List.of());
        Optional<IntervalEstimate> none = Optional.empty();
        NStarComparison c = NStarComparison.of("a", "b", List.of(
                new NStarComparison.CellPair(converged(10), converged(20), none, none),
                new NStarComparison.CellPair(converged(100), converged(80), none, none),
                new NStarComparison.CellPair(notLearnable, converged(30), none, none),
                new NStarComparison.CellPair(notLearnable, notLearnable, none, none)), 0.25, false);
        assertEquals(new NStarComparison("a", "b", 2, 1, 0, 1, 0, 1, 1, false), c);
    }
}
