package dev.statetrack.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.statetrack.model.ModelFactory;
import dev.statetrack.model.SequenceModel;
import dev.statetrack.task.Dataset;
import dev.statetrack.task.DatasetSampler;
import dev.statetrack.task.Group;
import dev.statetrack.task.GroupCatalog;
import dev.statetrack.task.Sample;
import dev.statetrack.task.Vocabulary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Runs a trial in this JVM on the calling thread. Several instances may run trials concurrently on
 * different threads: each call sets its own thread's intra-op thread count, initialises the model
 * from a Java seed and records gradients thread-locally, so a trial's losses do not depend on what
 * else runs.
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
        List<TrialResult> results = new ArrayList<>();
        boolean settled = false;
        for (TrialSpec spec : ensemble.members()) {
            boolean stop = settled;
            TrialResult result = execute(spec, () -> stop || cancelled.getAsBoolean(), TrainingProgress.NONE);
            settled |= ensemble.stopAtFirstSuccess() && result.success();
            results.add(result);
        }
        return results;
    }

    public TrialResult execute(TrialSpec spec, BooleanSupplier cancelled, TrainingProgress progress) {
        TrainingSettings settings = TrainingSettings.of(spec);
        IntraOpThreads.use(threads);
        Group group = GroupCatalog.parse(spec.group());
        Vocabulary vocabulary = new Vocabulary(group.order());
        Dataset dataset = DatasetSampler.sample(group, spec.distribution(), spec.maxLength(), spec.trainSize(),
                spec.seed());
        Map<Integer, List<Sample>> probes = probes(group, spec, dataset.train());
        int longest = Math.max(spec.maxLength(), spec.probeMaxLength());
        try (NDManager manager = NDManager.newBaseManager();
             SequenceModel model = ModelFactory.create(spec.model(), vocabulary, spec.format().inputLength(longest),
                     DataType.FLOAT32, spec.seed(), manager)) {
            TrainingData data = new TrainingData(spec.format(), vocabulary, dataset.train(), dataset.validation(),
                    probes);
            return new Trainer(settings).train(model, data, dataOrderSeed(spec.seed()), cancelled, progress);
        }
    }

    /**
     * Fresh sequences for every length 2..probeMaxLength. Probe sequences that are training sequences
     * are dropped (a probe measures generalisation, not recall); at short lengths where every sequence
     * is in the training set nothing remains, and that length is left out of the result.
     */
    private static Map<Integer, List<Sample>> probes(Group group, TrialSpec spec, List<Sample> train) {
        Map<Integer, List<Sample>> probes = new LinkedHashMap<>();
        if (spec.probeMaxLength() <= 0) {
            return probes;
        }
        Set<List<Integer>> trained = new HashSet<>();
        for (Sample s : train) {
            trained.add(asList(s.elements()));
        }
        for (int n = 2; n <= spec.probeMaxLength(); n++) {
            List<Sample> fresh = new ArrayList<>();
            for (Sample s : DatasetSampler.probe(group, n, PROBE_SAMPLES_PER_LENGTH, probeSeed(spec.seed(), n))) {
                if (n > spec.maxLength() || !trained.contains(asList(s.elements()))) {
                    fresh.add(s);
                }
            }
            probes.put(n, fresh);
        }
        return probes;
    }

    private static List<Integer> asList(int[] elements) {
        return Arrays.stream(elements).boxed().toList();
    }

    static long dataOrderSeed(long seed) {
        return seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    }

    private static long probeSeed(long seed, int length) {
        return seed * 0xBF58476D1CE4E5B9L + length;
    }
}
