package dev.statetrack.report;

import dev.statetrack.search.SearchResult;
import dev.statetrack.store.StoredSearch;

import java.util.Optional;

/** How an N* cell reads everywhere in the report: never a bare number for a cell without one. */
final class NStarText {

    private NStarText() {
    }

    static String of(Optional<StoredSearch> search) {
        if (search.isEmpty()) {
            return "not run";
        }
        SearchResult r = search.get().result();
        if (r == null) {
            return "unfinished (" + search.get().trace().size() + " sizes tried)";
        }
        return switch (r.stopReason()) {
            case NOT_LEARNABLE -> "> " + r.nMax() + " (not learnable within budget)";
            case STEP_LIMIT -> r.largestFailing() > 0
                    ? r.nStar() + " (step limit; N* in (" + r.largestFailing() + ", " + r.nStar() + "])"
                    : r.nStar() + " (step limit; no failure seen)";
            case REACHED_ONE, CONVERGED -> Long.toString(r.nStar());
        };
    }

    static String anchor(String searchId) {
        return "search-" + searchId.substring(0, 12);
    }
}
