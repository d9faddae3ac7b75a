package dev.statetrack.train;

import java.io.Serializable;
import java.util.List;

/**
 * Configurations of one cell and sample size trained together as the members of one batched model.
 * Members share everything but their learning rate and seed; each keeps the data, initialisation and
 * optimiser it would have alone, so a member is the same trial as the configuration trained by itself
 * (STUDY.md, "Execution").
 *
 * @param stopAtFirstSuccess the N* search's rule: the ensemble stops at the first evaluation where some
 *                           member's validation loss is below ε; those members succeed and the others
 *                           come back cancelled. When false, every member runs until it succeeds or
 *                           spends its budget (length generalisation, success rates).
 */
public record Ensemble(List<TrialSpec> members, boolean stopAtFirstSuccess) implements Serializable {

    public Ensemble {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        TrialSpec first = members.get(0);
        for (TrialSpec m : members) {
            if (!sameCell(first, m)) {
                throw new IllegalArgumentException("ensemble members may differ only in learning rate and seed: "
                        + first + " vs " + m);
            }
        }
    }

    public static Ensemble of(TrialSpec spec) {
        return new Ensemble(List.of(spec), true);
    }

    public int size() {
        return members.size();
    }

    private static boolean sameCell(TrialSpec a, TrialSpec b) {
        return a.withConfiguration(0, 0).equals(b.withConfiguration(0, 0));
    }
}
