package dev.statetrack.study;

import dev.statetrack.search.SearchResult;
import dev.statetrack.search.SearchResult.StopReason;
import dev.statetrack.store.RunStore;
import dev.statetrack.testing.StubTasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NStarComparisonTest {

    @TempDir
    Path dir;

    @Test
    void countsOnlyDifferencesBeyondTheToleranceAndKeepsOneSidedCellsApart() {
        StudySpec spec = StudyLoader.parse(StudyLoaderTest.SMALL.replace("lengths: [4]", "lengths: [2, 3, 4]")
                .replace("groups: [Z3]", "groups: [Z3, S3]") + "search: {tolerance: 0.25}\n", "t.yaml");
        StudyPlan plan = StudyPlan.of(spec, new StubTasks());
        // N* per cell (group L): transformer, lstm; 0 = not learnable; absent = never run
        Map<String, long[]> nStar = Map.of(
                "Z3 L=2", new long[]{10, 20},   // lstm needs more
                "Z3 L=3", new long[]{100, 80},  // within 25%
                "Z3 L=4", new long[]{100, 50},  // transformer needs more
                "S3 L=2", new long[]{0, 30},    // only the lstm
                "S3 L=3", new long[]{0, 0});    // neither; S3 L=4 never ran
        try (RunStore store = RunStore.open(dir.resolve("runs.sqlite"))) {
            for (StudyPlan.PlannedSearch s : plan.gridSearches()) {
                long[] values = nStar.get(s.cell().group() + " L=" + s.cell().maxLength());
                if (values == null) {
                    continue;
                }
                long n = values[s.cell().model().name().equals("transformer") ? 0 : 1];
                store.beginSearch(s.searchId(), s.cell().label(), s.nMax());
                store.finishSearch(s.searchId(), n == 0
                        ? new SearchResult(s.nMax(), 0, 0, StopReason.NOT_LEARNABLE, List.of())
                        : new SearchResult(s.nMax(), n, n - 1, StopReason.CONVERGED, List.of()));
            }
            List<NStarComparison> comparisons = NStarComparison.of(StudyResults.load(plan, store));
            assertEquals(List.of(new NStarComparison("transformer", "lstm-small", 3, 1, 1, 1, 0, 1, 1, false)), comparisons);
            assertEquals("transformer vs lstm-small: in 3 cells where both N* are finite, transformer needs less data "
                    + "in 1, lstm-small in 1, and 1 are within the search tolerance; only transformer learnt 0 cells, "
                    + "only lstm-small 1, neither 1.", comparisons.get(0).describe());
        }
    }

    @Test
    void withIntervalsOnlyDisjointIntervalsBeyondTheToleranceAreDifferences() {
        Optional<IntervalEstimate> none = Optional.empty();
        Optional<IntervalEstimate> around100 = Optional.of(new IntervalEstimate(100, 70, 140));
        Optional<IntervalEstimate> around300 = Optional.of(new IntervalEstimate(300, 150, 500));
        Optional<IntervalEstimate> around200 = Optional.of(new IntervalEstimate(200, 130, 320));
        Optional<IntervalEstimate> openEnded = Optional.of(new IntervalEstimate(100, 60, Double.POSITIVE_INFINITY));
        Optional<IntervalEstimate> undefined = Optional.of(IntervalEstimate.UNDEFINED);
        assertEquals(NStarComparison.Verdict.FIRST_LESS, NStarComparison.judge(100, 300, 0.25, none, none));
        assertEquals(NStarComparison.Verdict.FIRST_LESS, NStarComparison.judge(100, 300, 0.25, around100, around300));
        assertEquals(NStarComparison.Verdict.SECOND_LESS, NStarComparison.judge(300, 100, 0.25, around300, around100));
        // beyond the tolerance, but 140 > 130: the intervals overlap
        assertEquals(NStarComparison.Verdict.NOT_SEPARATED,
                NStarComparison.judge(100, 200, 0.25, around100, around200));
        // disjoint intervals but within the tolerance
        assertEquals(NStarComparison.Verdict.NOT_SEPARATED, NStarComparison.judge(100, 120, 0.25,
                Optional.of(new IntervalEstimate(100, 99, 101)), Optional.of(new IntervalEstimate(120, 119, 121))));
        assertEquals(NStarComparison.Verdict.NOT_SEPARATED, NStarComparison.judge(100, 300, 0.25, openEnded, around300));
        assertEquals(NStarComparison.Verdict.NOT_SEPARATED, NStarComparison.judge(100, 300, 0.25, around100, undefined));
        assertEquals(NStarComparison.Verdict.NOT_SEPARATED, NStarComparison.judge(100, 300, 0.25, around100, none));
    }
}
