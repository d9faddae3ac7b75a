package dev.statetrack.report;

import dev.statetrack.search.SearchResult;
import dev.statetrack.search.SearchResult.StopReason;
import dev.statetrack.store.StoredSearch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An N* the search did not bracket from below never reads as a bare number. */
class NStarTextTest {

    private static Optional<StoredSearch> finished(SearchResult result) {
        return Optional.of(new StoredSearch("0123456789abcdef", "cell", result.nMax(), List.of(), result));
    }

    @Test
    void anUnbracketedNStarReadsAsAnUpperBound() {
        Optional<StoredSearch> unbracketed = finished(new SearchResult(1239, 310, 0, StopReason.STEP_LIMIT, List.of()));
        assertEquals("≤ 310 (step limit before any failure: an upper bound)", NStarText.of(unbracketed));
        assertEquals("≤ 310", NStarText.term(unbracketed));
    }

    @Test
    void bracketedAndExactNStarReadAsBefore() {
        Optional<StoredSearch> wide = finished(new SearchResult(1239, 310, 200, StopReason.STEP_LIMIT, List.of()));
        assertEquals("310 (step limit; N* in (200, 310])", NStarText.of(wide));
        assertEquals("310", NStarText.term(wide));
        Optional<StoredSearch> exact = finished(new SearchResult(1239, 310, 300, StopReason.CONVERGED, List.of()));
        assertEquals("310", NStarText.of(exact));
        Optional<StoredSearch> none = finished(new SearchResult(1239, 0, 1239, StopReason.NOT_LEARNABLE, List.of()));
        assertEquals("> 1239", NStarText.term(none));
    }

    @Test
    void anAdaptiveNStarReadsAsAnEstimateWithItsStop() {
        Optional<StoredSearch> above = finished(new SearchResult(620, 619, 0, StopReason.ABOVE_BUDGET, List.of()));
        assertEquals("≈ 619 (adaptive: N*₅₀ above N_max = 620)", NStarText.of(above));
        assertEquals("≈ 619", NStarText.term(above));
        Optional<StoredSearch> credible = finished(new SearchResult(620, 113, 0, StopReason.CREDIBLE, List.of()));
        assertEquals("≈ 113", NStarText.term(credible));
    }
}
