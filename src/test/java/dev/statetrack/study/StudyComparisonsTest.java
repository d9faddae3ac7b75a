package dev.statetrack.study;

import dev.statetrack.analysis.NStarComparison;
import dev.statetrack.search.SearchResult;
import dev.statetrack.search.SearchResult.StopReason;
import dev.statetrack.store.RunStore;
import dev.statetrack.testing.StubTasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The study's pairs of models compared on its stored N* grid. */
class StudyComparisonsTest {

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
            List<NStarComparison> comparisons = StudyResults.load(plan, store).comparisons();
            assertEquals(List.of(new NStarComparison("transformer", "lstm-small", 3, 1, 1, 1, 0, 1, 1, false)), comparisons);
            assertEquals("transformer vs lstm-small: in 3 cells where both N* are finite, transformer needs less data "
                    + "in 1, lstm-small in 1, and 1 is with overlapping brackets or within the search tolerance; only transformer learnt 0 cells, "
                    + "only lstm-small 1, neither 1.", comparisons.get(0).describe());
        }
    }

}
