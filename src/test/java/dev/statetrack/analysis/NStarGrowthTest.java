package dev.statetrack.analysis;

import dev.statetrack.search.SearchResult;
import dev.statetrack.search.SearchResult.StopReason;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NStarGrowthTest {

    private static SearchResult found(long nStar, long largestFailing) {
        return new SearchResult(5000, nStar, largestFailing, StopReason.CONVERGED, List.of());
    }

    @Test
    void theRatioOfTwoMeasuredThresholdsLiesInTheRangeTheirBracketsAllow() {
        NStarGrowth g = NStarGrowth.of(found(200, 150), found(620, 459));
        assertEquals(NStarGrowth.Kind.MEASURED, g.kind());
        assertEquals(3.1, g.ratio(), 1e-12);
        assertEquals(460.0 / 200, g.lower(), 1e-12, "smallest longer threshold over largest shorter one");
        assertEquals(620.0 / 151, g.upper(), 1e-12, "largest longer threshold over smallest shorter one");
        assertEquals("×3.10 (between ×2.30 and ×4.11)", g.describe());
    }

    @Test
    void aLongerLengthNotLearnableGivesOnlyALowerBound() {
        SearchResult notLearnable = new SearchResult(5000, 0, 0, StopReason.NOT_LEARNABLE, List.of());
        NStarGrowth g = NStarGrowth.of(found(200, 150), notLearnable);
        assertEquals(NStarGrowth.Kind.LOWER_BOUND, g.kind());
        assertEquals(5001.0 / 200, g.lower(), 1e-12, "N*(longer) > N_max over the largest shorter threshold");
        assertEquals("more than ×25.0", g.describe());
        assertEquals(NStarGrowth.Kind.UNDEFINED, NStarGrowth.of(notLearnable, notLearnable).kind());
    }

    @Test
    void aShorterLengthNotLearnableBesideALearntLongerOneGivesAnUpperBound() {
        // as the quick preset's transformer on S3 cot: > 1239 at L = 4, 784 in (659, 784] at L = 5
        SearchResult notLearnable = new SearchResult(1239, 0, 0, StopReason.NOT_LEARNABLE, List.of());
        NStarGrowth g = NStarGrowth.of(notLearnable, new SearchResult(7460, 784, 659, StopReason.CONVERGED, List.of()));
        assertEquals(NStarGrowth.Kind.UPPER_BOUND, g.kind());
        assertEquals(784.0 / 1240, g.upper(), 1e-12);
        assertEquals("less than ×0.632 (the shorter length is not learnable within budget)", g.describe());
    }

    @Test
    void anUnbracketedShorterThresholdWidensTheRangeDownToOne() {
        SearchResult upperBoundOnly = new SearchResult(5000, 300, 0, StopReason.STEP_LIMIT, List.of());
        NStarGrowth g = NStarGrowth.of(upperBoundOnly, found(620, 459));
        assertEquals(620.0, g.upper(), 1e-12, "the shorter threshold may be as small as 1");
        assertTrue(g.lower() < g.ratio() && g.ratio() < g.upper());
    }
}
