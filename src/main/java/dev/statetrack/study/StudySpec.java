package dev.statetrack.study;

import dev.statetrack.search.SearchSettings;
import dev.statetrack.task.Format;
import dev.statetrack.task.LengthDistribution;

import java.util.List;

/**
 * A study: the N* grid (models × groups × formats × distributions × lengths), the analyses to run,
 * and the training and search settings every trial shares. Loaded by {@link StudyLoader}.
 *
 * @param analyses which results to compute; κ and length generalisation have their own scope
 */
public record StudySpec(String name, String description, List<ModelEntry> models, List<String> groups,
                        List<Format> formats, List<LengthDistribution> distributions, List<Integer> lengths,
                        TrainingGrid training, SearchSettings search, Analyses analyses) {

    public StudySpec {
        models = List.copyOf(models);
        groups = List.copyOf(groups);
        formats = List.copyOf(formats);
        distributions = List.copyOf(distributions);
        lengths = List.copyOf(lengths);
    }

    /**
     * @param nstar                 search N* in every cell of the grid
     * @param kappa                 where to compute κ (every model × format); null to skip
     * @param lengthGeneralisation  where to measure length generalisation (every model × format); null to skip
     * @param budgetCheck           search every learnt cell again with twice the steps, to mark the cells whose
     *                              N* the step budget limits
     */
    public record Analyses(boolean nstar, Scope kappa, Scope lengthGeneralisation, boolean budgetCheck) {
    }

    /** Groups × lengths at which an analysis runs, for every model and format of the study. */
    public record Scope(List<String> groups, List<Integer> lengths) {
        public Scope {
            groups = List.copyOf(groups);
            lengths = List.copyOf(lengths);
        }
    }
}
