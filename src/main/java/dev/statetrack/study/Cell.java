package dev.statetrack.study;

import dev.statetrack.search.SearchSettings;
import dev.statetrack.store.CanonicalHash;
import dev.statetrack.task.Format;
import dev.statetrack.task.LengthDistribution;
import dev.statetrack.train.TrialSpec;

import java.util.ArrayList;
import java.util.List;

/** One setting whose N* is searched: model, task, format, length distribution and maximum length L. */
public record Cell(ModelEntry model, String group, Format format, LengthDistribution distribution, int maxLength) {

    public String label() {
        return model.name() + " " + group + " " + format.id() + " " + distribution.id() + " L=" + maxLength;
    }

    /** The grid of configurations (learning rate outer, seed inner) at training-set size n. */
    public List<TrialSpec> configurations(TrainingGrid training, long n, int probeMaxLength) {
        List<TrialSpec> specs = new ArrayList<>();
        for (double lr : training.learningRates()) {
            for (long seed : training.seeds()) {
                specs.add(new TrialSpec(group, format, distribution, maxLength, n, model.spec(), lr, seed,
                        training.steps(), training.batchSize(), training.epsilon(), training.evalEvery(),
                        probeMaxLength, training.prune()));
            }
        }
        return specs;
    }

    /** Identity of this cell's search under these settings: same settings, same stored trace. */
    public String searchId(TrainingGrid training, SearchSettings search) {
        return CanonicalHash.search(configurations(training, 1, 0).get(0), training.learningRates(),
                training.seeds(), search);
    }
}
