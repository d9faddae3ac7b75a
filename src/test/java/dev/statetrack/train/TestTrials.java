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

/** Runs small trials the way LocalTrialExecutor does, on data from {@link CyclicTasks}. */
final class TestTrials {

    static final List<ModelSpec> TINY_MODELS = List.of(
            ModelSpec.lstm(1, 16, 8), ModelSpec.denseSsm(8, false), ModelSpec.transformer(1, 16, 2));

    private TestTrials() {
    }

    static TrialResult run(ModelSpec spec, TrainingData data, TrainingSettings settings, long seed,
                           BooleanSupplier cancelled, TrainingProgress progress) {
        int maxInput = data.format().inputLength(maxLength(data));
        try (NDManager manager = NDManager.newBaseManager();
             SequenceModel model = ModelFactory.create(spec, data.vocabulary(), maxInput, DataType.FLOAT32, seed,
                     manager)) {
            return new Trainer(settings).train(model, data, LocalTrialExecutor.dataOrderSeed(seed), cancelled,
                    progress);
        }
    }

    /** Training loss after every step of a short run on Z3, acot, L=6 (bit patterns, for exact comparison). */
    static List<Integer> lossTrajectory(ModelSpec spec, long seed, int steps) {
        TrainingData data = CyclicTasks.sample(3, 2, 6, 100, 20, Format.ACOT, seed);
        List<Integer> losses = new ArrayList<>();
        run(spec, data, new TrainingSettings(1e-3, steps, 64, 1e-9, 1), seed, () -> false,
                (step, total, trainingLoss, validationLoss) -> losses.add(Float.floatToIntBits((float) trainingLoss)));
        return losses;
    }

    private static int maxLength(TrainingData data) {
        int longest = 0;
        for (var s : data.train()) {
            longest = Math.max(longest, s.length());
        }
        for (var s : data.validation()) {
            longest = Math.max(longest, s.length());
        }
        for (var probe : data.probes().keySet()) {
            longest = Math.max(longest, probe);
        }
        return longest;
    }
}
