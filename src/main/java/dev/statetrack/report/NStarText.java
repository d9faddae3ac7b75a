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
            case STEP_LIMIT -> r.unbracketed()
                    ? "≤ " + r.nStar() + " (step limit before any failure: an upper bound)"
                    : r.nStar() + " (step limit; N* in (" + r.largestFailing() + ", " + r.nStar() + "])";
            case REACHED_ONE, CONVERGED -> Long.toString(r.nStar());
            case CREDIBLE -> "≈ " + r.nStar() + " (adaptive: median N*_any)";
            case TRIAL_LIMIT -> "≈ " + r.nStar() + " (adaptive, trial limit: interval wider than the tolerance)";
            case ABOVE_BUDGET -> "≈ " + r.nStar() + " (adaptive: N*₅₀ above N_max = " + r.nMax() + ")";
        };
    }

    /**
     * The short form for a table of terms: the number, "≤ N*" when the search never saw a failure, "> N_max"
     * when not learnable within budget, or why not.
     */
    static String term(Optional<StoredSearch> search) {
        SearchResult r = search.map(StoredSearch::result).orElse(null);
        if (r == null) {
            return search.isEmpty() ? "not run" : "unfinished";
        }
        return r.learnable() ? (r.unbracketed() ? "≤ " : r.bracketed() ? "" : "≈ ") + r.nStar() : "> " + r.nMax();
    }

    static String anchor(String searchId) {
        return "search-" + searchId.substring(0, 12);
    }
}
