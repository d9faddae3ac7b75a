package dev.statetrack.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.statetrack.model.ModelFactory;
import dev.statetrack.model.SequenceModel;
import dev.statetrack.task.Dataset;
import dev.statetrack.task.DatasetSampler;
import dev.statetrack.task.Group;
import dev.statetrack.task.GroupCatalog;
import dev.statetrack.task.PackedSequences;
import dev.statetrack.task.Vocabulary;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Trains an ensemble in this JVM on the calling thread, as one batched model whose members are the
 * ensemble's configurations. Several instances may train concurrently on different threads: each call
 * sets its own thread's intra-op thread count, initialises every member from its own Java seed and
 * records gradients thread-locally, so a trial's losses do not depend on what else runs.
 */
public final class LocalTrialExecutor implements TrialExecutor {

    /** Probe sequences per length: the accuracy estimate's standard error is then at most about 2.2 points. */
    public static final int PROBE_SAMPLES_PER_LENGTH = 500;

    private final int threads;

    /** @param threads PyTorch intra-op threads for each trial this executor runs */
    public LocalTrialExecutor(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    @Override
    public List<TrialResult> execute(Ensemble ensemble, BooleanSupplier cancelled) {
        return execute(ensemble, cancelled, TrainingProgress.NONE);
    }

    /** One configuration alone, with progress reports (the {@code train} command). */
    public TrialResult execute(TrialSpec spec, BooleanSupplier cancelled, TrainingProgress progress) {
        return execute(Ensemble.of(spec), cancelled, progress).get(0);
    }

    public List<TrialResult> execute(Ensemble ensemble, BooleanSupplier cancelled, TrainingProgress progress) {
        TrialSpec first = ensemble.members().get(0);
        IntraOpThreads.use(threads);
        Group group = GroupCatalog.parse(first.group());
        Vocabulary vocabulary = new Vocabulary(group.order());
        // Members that share a seed (differing only in learning rate) share their data.
        Map<Long, TrainingData> dataBySeed = new HashMap<>();
        List<Trainer.Member> members = new ArrayList<>();
        long[] seeds = new long[ensemble.size()];
        for (int e = 0; e < ensemble.size(); e++) {
            TrialSpec spec = ensemble.members().get(e);
            seeds[e] = spec.seed();
            TrainingData data = dataBySeed.computeIfAbsent(spec.seed(), seed -> data(group, vocabulary, spec));
            members.add(new Trainer.Member(data, spec.learningRate(), dataOrderSeed(spec.seed())));
        }
        int longest = Math.max(first.maxLength(), first.probeMaxLength());
        try (NDManager manager = NDManager.newBaseManager();
             SequenceModel model = ModelFactory.create(first.model(), vocabulary, first.format().inputLength(longest),
                     DataType.FLOAT32, seeds, manager)) {
            return new Trainer(TrainingSettings.of(first)).train(model, members, ensemble.stopAtFirstSuccess(),
                    cancelled, progress);
        }
    }

    private static TrainingData data(Group group, Vocabulary vocabulary, TrialSpec spec) {
        Dataset dataset = DatasetSampler.sample(group, spec.distribution(), spec.maxLength(), spec.trainSize(),
                spec.seed());
        return new TrainingData(spec.format(), vocabulary, dataset.train(), dataset.validation(),
                probes(group, spec, dataset));
    }

    /**
     * Fresh sequences for every length 2..probeMaxLength. Probe sequences that are training sequences
     * are dropped (a probe measures generalisation, not recall); at short lengths where every sequence
     * is in the training set nothing remains, and that length is left out of the result.
     */
    private static Map<Integer, PackedSequences> probes(Group group, TrialSpec spec, Dataset dataset) {
        Map<Integer, PackedSequences> probes = new LinkedHashMap<>();
        for (int n = 2; n <= spec.probeMaxLength(); n++) {
            PackedSequences drawn = DatasetSampler.probe(group, n, PROBE_SAMPLES_PER_LENGTH, probeSeed(spec.seed(), n));
            List<int[]> fresh = new ArrayList<>();
            for (int i = 0; i < drawn.size(); i++) {
                int[] x = drawn.elements(i);
                if (!dataset.trains(x)) {
                    fresh.add(x);
                }
            }
            probes.put(n, PackedSequences.of(group, fresh));
        }
        return probes;
    }

    static long dataOrderSeed(long seed) {
        return seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    }

    private static long probeSeed(long seed, int length) {
        return seed * 0xBF58476D1CE4E5B9L + length;
    }
}
