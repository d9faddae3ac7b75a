package dev.statetrack.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.statetrack.model.ModelFactory;
import dev.statetrack.model.ModelSpec;
import dev.statetrack.model.SequenceModel;
import dev.statetrack.task.Format;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Runs small trials the way LocalTrialExecutor does, on data from {@link CyclicTasks}. */
final class TestTrials {

    static final List<ModelSpec> TINY_MODELS = List.of(
            ModelSpec.lstm(1, 16, 8), ModelSpec.denseSsm(8, false), ModelSpec.transformer(1, 16, 2));

    private TestTrials() {
    }

    /** One configuration of an ensemble: its data, learning rate and seed. */
    record Configuration(TrainingData data, double learningRate, long seed) {
    }

    static TrialResult run(ModelSpec spec, TrainingData data, double learningRate, TrainingSettings settings,
                           long seed, BooleanSupplier cancelled, TrainingProgress progress) {
        return runEnsemble(spec, List.of(new Configuration(data, learningRate, seed)), true, settings, cancelled,
                progress).get(0);
    }

    static List<TrialResult> runEnsemble(ModelSpec spec, List<Configuration> configurations,
                                         boolean stopAtFirstSuccess, TrainingSettings settings,
                                         BooleanSupplier cancelled, TrainingProgress progress) {
        return runEnsemble(spec, configurations, stopAtFirstSuccess, settings, cancelled, progress, model -> { });
    }

    /** @param trained sees the model after training, before it is closed */
    static List<TrialResult> runEnsemble(ModelSpec spec, List<Configuration> configurations,
                                         boolean stopAtFirstSuccess, TrainingSettings settings,
                                         BooleanSupplier cancelled, TrainingProgress progress,
                                         Consumer<SequenceModel> trained) {
        int maxInput = 0;
        long[] seeds = new long[configurations.size()];
        List<Trainer.Member> members = new ArrayList<>();
        for (int e = 0; e < seeds.length; e++) {
            Configuration c = configurations.get(e);
            maxInput = Math.max(maxInput, c.data().format().inputLength(maxLength(c.data())));
            seeds[e] = c.seed();
            members.add(new Trainer.Member(c.data(), c.learningRate(), LocalTrialExecutor.dataOrderSeed(c.seed())));
        }
        try (NDManager manager = NDManager.newBaseManager();
             SequenceModel model = ModelFactory.create(spec, configurations.get(0).data().vocabulary(), maxInput,
                     DataType.FLOAT32, seeds, manager)) {
            List<TrialResult> results = new Trainer(settings).train(model, members, stopAtFirstSuccess, cancelled,
                    progress);
            trained.accept(model);
            return results;
        }
    }

    /** Training loss after every step of a short run on Z3, acot, L=6 (bit patterns, for exact comparison). */
    static List<Integer> lossTrajectory(ModelSpec spec, long seed, int steps) {
        TrainingData data = CyclicTasks.sample(3, 2, 6, 100, 20, Format.ACOT, seed);
        List<Integer> losses = new ArrayList<>();
        run(spec, data, 1e-3, new TrainingSettings(steps, 64, 1e-9, 1), seed, () -> false,
                (step, total, trainingLoss, validationLoss) -> losses.add(Float.floatToIntBits((float) trainingLoss)));
        return losses;
    }

    private static int maxLength(TrainingData data) {
        int longest = 0;
        for (int i = 0; i < data.train().size(); i++) {
            longest = Math.max(longest, data.train().length(i));
        }
        for (int i = 0; i < data.validation().size(); i++) {
            longest = Math.max(longest, data.validation().length(i));
        }
        for (var probe : data.probes().keySet()) {
            longest = Math.max(longest, probe);
        }
        return longest;
    }
}
