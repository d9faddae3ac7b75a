package dev.statetrack.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The outcome of every configuration at every training-set size a search tried: the data behind
 * success rates. A configuration (learning rate, seed) is the unit the bootstrap resamples, because
 * its outcomes at different sizes are not independent (a lucky seed tends to be lucky at every N).
 */
public final class SuccessTable {

    private final long[] sizes;
    /** [configuration][size]: TRUE, FALSE, or null where no outcome is stored. */
    private final Boolean[][] outcomes;

    /**
     * @param sizes          the distinct training-set sizes tried
     * @param byConfiguration per configuration, its outcome at each of {@code sizes} (null: none stored)
     */
    public SuccessTable(List<Long> sizes, List<List<Boolean>> byConfiguration) {
        this.sizes = sizes.stream().mapToLong(Long::longValue).toArray();
        this.outcomes = new Boolean[byConfiguration.size()][];
        for (int c = 0; c < byConfiguration.size(); c++) {
            if (byConfiguration.get(c).size() != this.sizes.length) {
                throw new IllegalArgumentException("configuration " + c + " has " + byConfiguration.get(c).size()
                        + " outcomes for " + this.sizes.length + " sizes");
            }
            outcomes[c] = byConfiguration.get(c).toArray(new Boolean[0]);
        }
    }

    public int configurations() {
        return outcomes.length;
    }

    /** k of n at each size, in the order the sizes were given. */
    public List<SuccessCount> counts() {
        int[] all = new int[outcomes.length];
        for (int c = 0; c < all.length; c++) {
            all[c] = c;
        }
        return counts(all);
    }

    /**
     * A bootstrap draw: as many configuration indices as there are configurations, with replacement.
     * Tables of one grid share their configuration order, so one draw can resample several tables jointly.
     */
    public int[] drawConfigurations(SplittableRandom random) {
        int[] picks = new int[outcomes.length];
        for (int i = 0; i < picks.length; i++) {
            picks[i] = random.nextInt(outcomes.length);
        }
        return picks;
    }

    /** k of n at each size over the given configurations (repeats count again, as in a bootstrap draw). */
    public List<SuccessCount> counts(int[] configurationIndices) {
        List<SuccessCount> counts = new ArrayList<>();
        for (int s = 0; s < sizes.length; s++) {
            int successes = 0;
            int trials = 0;
            for (int c : configurationIndices) {
                Boolean outcome = outcomes[c][s];
                if (outcome != null) {
                    trials++;
                    successes += outcome ? 1 : 0;
                }
            }
            counts.add(new SuccessCount(sizes[s], successes, trials));
        }
        return counts;
    }
}
