package dev.statetrack.store;

import dev.statetrack.search.SearchResult;
import dev.statetrack.search.SearchStep;

import java.util.List;

/**
 * A search as the run store holds it.
 *
 * @param trace  the steps decided so far (all of them once finished)
 * @param result null while the search is unfinished (running, or interrupted before its end)
 */
public record StoredSearch(String searchId, String label, long nMax, List<SearchStep> trace, SearchResult result) {

    public boolean finished() {
        return result != null;
    }
}
