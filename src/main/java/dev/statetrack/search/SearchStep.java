package dev.statetrack.search;

import java.util.List;
import java.util.Locale;

/**
 * One sample size tried by the N* search, with the trials behind its verdict.
 *
 * @param index  0-based position in the search (0 is N_max)
 * @param phase  which part of the algorithm chose N
 */
public record SearchStep(int index, Phase phase, long trainSize, boolean success, List<TrialOutcome> trials) {

    public enum Phase {
        MAXIMUM, GEOMETRIC, BISECTION,
        /** Adaptive search: trials the store held before the search began, one step per size, reused first. */
        STORED,
        /** Adaptive search: one round of the design, its configurations trained as one ensemble. */
        ADAPTIVE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SearchStep {
        trials = List.copyOf(trials);
    }
}
