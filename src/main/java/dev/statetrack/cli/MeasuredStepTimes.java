package dev.statetrack.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.statetrack.model.ModelFactory;
import dev.statetrack.model.ModelSpec;
import dev.statetrack.model.SequenceModel;
import dev.statetrack.study.StepTimes;
import dev.statetrack.task.Batch;
import dev.statetrack.task.EncodedSample;
import dev.statetrack.task.Vocabulary;
import dev.statetrack.train.IntraOpThreads;
import dev.statetrack.train.TrainingStep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Step times measured on this machine: a model built as a study builds it, trained a few steps on
 * random token streams (every position supervised; the step's cost does not depend on the tokens).
 * A fraction of a second per setting: a first estimate for a dry run, not a benchmark
 * ({@code bench-steps} is that).
 */
final class MeasuredStepTimes implements StepTimes {

    private static final int WARMUP_STEPS = 2;
    private static final int MIN_STEPS = 3;
    private static final int MAX_STEPS = 20;
    private static final long TIMING_NANOS = 250_000_000L;
    /**
     * A member's step slower than this is compute-bound: batching members into an ensemble saves little
     * per member there, and timing an ensemble of 15 paper-size members would take minutes per setting
     * and more memory than a laptop has (the dry run must work where the study cannot). Such a setting
     * is timed as one member, one step after one warm-up, and counted once per member.
     */
    private static final long SLOW_STEP_NANOS = 100_000_000L;

    private final int threads;
    /** The JIT and the native library warm up over the first timings; the first is repeated and discarded. */
    private boolean warm;

    /** @param threads intra-op threads, as each worker of the study will use */
    MeasuredStepTimes(int threads) {
        this.threads = threads;
    }

    @Override
    public double secondsPerStep(ModelSpec model, int vocabularySize, int sequenceLength, int batch, int ensembleSize) {
        IntraOpThreads.use(threads);
        if (!warm) {
            warm = true;
            secondsPerStep(model, vocabularySize, sequenceLength, batch, ensembleSize);
        }
        double single = time(model, vocabularySize, sequenceLength, batch, 1, 1, 1, 1);
        if (single * 1e9 >= SLOW_STEP_NANOS) {
            return ensembleSize * single;
        }
        return time(model, vocabularySize, sequenceLength, batch, ensembleSize, WARMUP_STEPS, MIN_STEPS, MAX_STEPS);
    }

    /** The median step of an ensemble after warm-up steps, over minSteps..maxSteps steps (a quarter second). */
    private double time(ModelSpec model, int vocabularySize, int sequenceLength, int batch, int ensembleSize,
                        int warmupSteps, int minSteps, int maxSteps) {
        Vocabulary vocabulary = new Vocabulary(vocabularySize - 2);
        List<Batch> tokens = Collections.nCopies(ensembleSize, randomBatch(vocabulary, sequenceLength, batch));
        long[] seeds = new long[ensembleSize];
        double[] learningRates = new double[ensembleSize];
        for (int e = 0; e < ensembleSize; e++) {
            seeds[e] = e + 1;
            learningRates[e] = 1e-3;
        }
        try (NDManager manager = NDManager.newBaseManager();
             SequenceModel m = ModelFactory.create(model, vocabulary, sequenceLength, DataType.FLOAT32, seeds,
                     manager)) {
            TrainingStep step = new TrainingStep(m, learningRates, vocabulary.pad(), manager);
            for (int i = 0; i < warmupSteps; i++) {
                step.run(tokens);
            }
            // The median step: a step slowed by another process's burst does not move it.
            List<Long> nanos = new ArrayList<>();
            long start = System.nanoTime();
            while (nanos.size() < minSteps || nanos.size() < maxSteps && System.nanoTime() - start < TIMING_NANOS) {
                long t0 = System.nanoTime();
                step.run(tokens);
                nanos.add(System.nanoTime() - t0);
            }
            Collections.sort(nanos);
            return nanos.get(nanos.size() / 2) / 1e9;
        }
    }

    private static Batch randomBatch(Vocabulary vocabulary, int length, int batch) {
        Random random = new Random(1);
        List<EncodedSample> rows = new ArrayList<>();
        for (int r = 0; r < batch; r++) {
            int[] input = new int[length];
            int[] target = new int[length];
            for (int i = 0; i < length; i++) {
                input[i] = random.nextInt(vocabulary.groupOrder());
                target[i] = random.nextInt(vocabulary.groupOrder());
            }
            rows.add(new EncodedSample(input, target, length - 1, length));
        }
        return Batch.of(rows, vocabulary);
    }
}
