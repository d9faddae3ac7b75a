package dev.statetrack.train;

import ai.djl.ndarray.NDManager;
import dev.statetrack.model.SequenceModel;
import dev.statetrack.task.Batch;
import dev.statetrack.task.EncodedSample;
import dev.statetrack.task.Sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Trains a model with Adam on mean cross-entropy over supervised tokens until validation loss falls
 * below ε or the step budget is spent. Each {@link TrainingStep} closes what it creates, so native
 * memory stays flat however many steps and runs one JVM executes.
 * Runs on the calling thread; set its intra-op threads with {@link IntraOpThreads#use} first.
 */
public final class Trainer {

    private final TrainingSettings settings;

    public Trainer(TrainingSettings settings) {
        this.settings = settings;
    }

    /**
     * @param seed fixes the order in which training samples are drawn (initialisation is fixed by the
     *             model's own seed)
     */
    public TrialResult train(SequenceModel model, TrainingData data, long seed, BooleanSupplier cancelled,
                             TrainingProgress progress) {
        long start = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager()) {
            Run run = new Run(model, data, seed, manager);
            return run.execute(cancelled, progress, start);
        } finally {
            Autograd.setRecording(false);
        }
    }

    private final class Run {
        private final SequenceModel model;
        private final TrainingData data;
        private final NDManager manager;
        private final BatchStream<EncodedSample> stream;
        private final EvaluationSet validation;
        private final TrainingStep trainingStep;
        private double bestValidationLoss = Double.NaN;

        Run(SequenceModel model, TrainingData data, long seed, NDManager manager) {
            this.model = model;
            this.data = data;
            this.manager = manager;
            List<EncodedSample> encoded = new ArrayList<>(data.train().size());
            for (Sample s : data.train()) {
                encoded.add(data.format().encode(s, data.vocabulary()));
            }
            stream = new BatchStream<>(encoded, settings.batchSize(), seed);
            validation = new EvaluationSet(data.validation(), data.format(), data.vocabulary(), manager);
            trainingStep = new TrainingStep(model, settings.learningRate(), manager);
        }

        TrialResult execute(BooleanSupplier cancelled, TrainingProgress progress, long start) {
            for (int step = 1; step <= settings.steps(); step++) {
                if (cancelled.getAsBoolean()) {
                    return failed(step - 1, "cancelled", start);
                }
                double loss = trainingStep.run(Batch.of(stream.next(), data.vocabulary()));
                if (!Double.isFinite(loss)) {
                    return failed(step, "loss became " + loss + " at step " + step, start);
                }
                if (step % settings.evalEvery() == 0 || step == settings.steps()) {
                    double validationLoss = validation.loss(model);
                    if (!Double.isFinite(validationLoss)) {
                        return failed(step, "validation loss became " + validationLoss + " at step " + step, start);
                    }
                    if (Double.isNaN(bestValidationLoss) || validationLoss < bestValidationLoss) {
                        bestValidationLoss = validationLoss;
                    }
                    progress.evaluated(step, settings.steps(), loss, validationLoss);
                    if (validationLoss < settings.epsilon()) {
                        return finished(true, step, start);
                    }
                }
            }
            return finished(false, settings.steps(), start);
        }

        private TrialResult finished(boolean success, int steps, long start) {
            double accuracy = validation.accuracy(model);
            Map<Integer, Double> byLength = new LinkedHashMap<>();
            for (Map.Entry<Integer, List<Sample>> probe : data.probes().entrySet()) {
                if (!probe.getValue().isEmpty()) {
                    EvaluationSet set = new EvaluationSet(probe.getValue(), data.format(), data.vocabulary(), manager);
                    byLength.put(probe.getKey(), set.accuracy(model));
                }
            }
            return new TrialResult(success, steps, bestValidationLoss, accuracy, elapsedMillis(start),
                    model.parameterCount(), null, byLength);
        }

        private TrialResult failed(int steps, String reason, long start) {
            return new TrialResult(false, steps, bestValidationLoss, Double.NaN, elapsedMillis(start),
                    model.parameterCount(), reason, Map.of());
        }
    }

    private static long elapsedMillis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
