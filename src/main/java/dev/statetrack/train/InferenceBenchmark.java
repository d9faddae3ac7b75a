package dev.statetrack.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.statetrack.model.IncrementalDecoder;
import dev.statetrack.model.ModelFactory;
import dev.statetrack.model.ModelFlops;
import dev.statetrack.model.ModelProvider;
import dev.statetrack.model.ModelProviders;
import dev.statetrack.model.ModelSpec;
import dev.statetrack.model.SequenceModel;
import dev.statetrack.task.Vocabulary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Measures what generating one token costs a model as the context grows: for every length n, batch
 * size B and decoding mode, the time of the step that produces the token at position n for B sequences
 * (median of repeats, after one untimed warm-up) and the memory that step holds. Without a cache the
 * step is a full forward pass over the n tokens; with one, the first n−1 tokens are fed to the model's
 * incremental decoder untimed (in a scope of their own, closed before the step) and the step is the
 * decoder's n-th token. Weights are random: cost does not depend on what a model has learnt. One
 * ensemble member (E = 1).
 */
public final class InferenceBenchmark {

    public static final int MAX_LENGTH = 65_536;
    public static final int MAX_BATCH = 4_096;
    private static final long FLOAT_BYTES = 4;
    private static final double GIB = 1024.0 * 1024 * 1024;
    /**
     * Tokens fed to a decoder at once before the timed step: one pass over the whole prefix would hold
     * its attention maps (n × n per head and layer), which is what the cache is meant to avoid.
     */
    private static final int PREFILL_CHUNK = 64;

    /**
     * @param maxBytes points whose rough footprint estimate exceeds this are reported as skipped, not run
     *                 (a full forward pass of the paper-size transformer over 1024 tokens at batch 64
     *                 holds about 20 GiB of attention maps)
     */
    public record Settings(List<Integer> lengths, List<Integer> batches, int repeats, int threads, long maxBytes) {

        public Settings {
            lengths = List.copyOf(lengths);
            batches = List.copyOf(batches);
            if (lengths.isEmpty() || batches.isEmpty()) {
                throw new IllegalArgumentException("give at least one length and one batch size");
            }
            for (int n : lengths) {
                if (n < 1 || n > MAX_LENGTH) {
                    throw new IllegalArgumentException("--lengths " + n + " out of range; allowed: 1.." + MAX_LENGTH);
                }
            }
            for (int b : batches) {
                if (b < 1 || b > MAX_BATCH) {
                    throw new IllegalArgumentException("--batch " + b + " out of range; allowed: 1.." + MAX_BATCH);
                }
            }
            if (repeats < 1) {
                throw new IllegalArgumentException("--repeats must be >= 1, got " + repeats);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
            }
            if (maxBytes < 1) {
                throw new IllegalArgumentException("the memory limit must be positive, got " + maxBytes + " bytes");
            }
        }

        int longest() {
            return lengths.stream().mapToInt(Integer::intValue).max().orElseThrow();
        }
    }

    /** A model to measure: its name in the output, its sizes, and the vocabulary it reads. */
    public record Subject(String name, ModelSpec spec, Vocabulary vocabulary) {
    }

    private final Settings settings;
    private final String machine = describeMachine();

    public InferenceBenchmark(Settings settings) {
        this.settings = settings;
    }

    /** Measures every length × batch × decoding mode of one model, handing each row to {@code sink} as it is done. */
    public void measure(Subject subject, Consumer<InferenceCost> sink) {
        IntraOpThreads.use(settings.threads());
        try (NDManager root = NDManager.newBaseManager();
             SequenceModel model = ModelFactory.create(subject.spec(), subject.vocabulary(), settings.longest(),
                     DataType.FLOAT32, 1, root)) {
            Autograd.setRecording(false);
            for (int batch : settings.batches()) {
                for (int length : settings.lengths()) {
                    for (boolean cached : new boolean[] {false, true}) {
                        sink.accept(point(subject, model, root, length, batch, cached));
                    }
                }
            }
        }
    }

    private InferenceCost point(Subject subject, SequenceModel model, NDManager root, int length, int batch,
                                boolean cached) {
        int vocab = subject.vocabulary().size();
        long flops = ModelFlops.decodingPerToken(subject.spec(), vocab, length, cached);
        long estimate = roughBytes(subject.spec(), vocab, model.parameterCount(), length, batch, cached);
        if (estimate > settings.maxBytes()) {
            return row(subject, model, length, batch, cached, flops, null, null, null, String.format(Locale.ROOT,
                    "needs about %.1f GiB, over the limit of %.1f GiB", estimate / GIB, settings.maxBytes() / GIB));
        }
        NDArray tokens = randomTokens(root, subject.vocabulary(), batch, length);
        double[] millis = new double[settings.repeats()];
        long peak = 0;
        long rssGrowth = -1;
        for (int r = -1; r < settings.repeats(); r++) {
            try (IncrementalDecoder decoder = cached ? model.decoder() : null) {
                NDArray input = tokens;
                if (cached) {
                    for (int from = 0; from < length - 1; from += PREFILL_CHUNK) {
                        try (NDScope prefill = new NDScope()) {
                            prefill.suppressNotUsedWarning();
                            decoder.next(tokens.get(new NDIndex("..., {}:{}", from,
                                    Math.min(length - 1, from + PREFILL_CHUNK))));
                        }
                    }
                    input = tokens.get(new NDIndex("..., {}:", length - 1));
                }
                boolean rssTracked = ResidentMemory.resetPeak();
                OptionalLong before = ResidentMemory.current();
                long start = System.nanoTime();
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray logits = (cached ? decoder.next(input) : model.forward(input))
                            .get(new NDIndex("..., -1, :"));
                    // PyTorch's CPU ops run eagerly; reading the result makes sure nothing is left to run.
                    logits.toFloatArray();
                    long elapsed = System.nanoTime() - start;
                    if (r >= 0) {
                        millis[r] = elapsed / 1e6;
                        peak = Math.max(peak, liveBytes(root));
                    }
                }
                OptionalLong after = rssTracked ? ResidentMemory.peak() : OptionalLong.empty();
                if (r >= 0 && before.isPresent() && after.isPresent()) {
                    rssGrowth = Math.max(rssGrowth, Math.max(0, after.getAsLong() - before.getAsLong()));
                }
                if (input != tokens) {
                    input.close();
                }
            }
        }
        tokens.close();
        double median = median(millis);
        return row(subject, model, length, batch, cached, flops, median, peak, rssGrowth < 0 ? null : rssGrowth,
                null);
    }

    private InferenceCost row(Subject subject, SequenceModel model, int length, int batch, boolean cached, long flops,
                              Double stepMillis, Long peakBytes, Long rssGrowth, String skipped) {
        return new InferenceCost(subject.name(), subject.spec().kind(), model.parameterCount(),
                subject.vocabulary().size(), length, batch, cached,
                stepMillis == null ? null : stepMillis / batch, stepMillis, peakBytes, rssGrowth, flops,
                settings.repeats(), settings.threads(), machine, skipped);
    }

    /** Element tokens only (no SEP or PAD): the cost does not depend on which tokens are read. */
    private static NDArray randomTokens(NDManager manager, Vocabulary vocabulary, int batch, int length) {
        Random random = new Random(batch * 31L + length);
        long[] ids = new long[batch * length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(vocabulary.groupOrder());
        }
        return manager.create(ids, new Shape(1, batch, length));
    }

    /** Bytes of every array alive under {@code root}: parameters, decoder state and the open step's arrays. */
    private static long liveBytes(NDManager root) {
        long bytes = 0;
        for (NDArray a : root.getManagedArrays()) {
            bytes += a.size() * a.getDataType().getNumOfBytes();
        }
        return bytes;
    }

    /**
     * An over-estimate of a step's footprint, only to refuse points that would not fit: the parameters
     * and what the model's provider says a step keeps alive ({@link ModelProvider#decodingFloats}: n
     * positions without a cache; with one, the prefill's chunks of PREFILL_CHUNK positions, the largest
     * step), all of which the step's scope keeps until it closes.
     */
    static long roughBytes(ModelSpec spec, int vocab, long parameters, int length, int batch, boolean cached) {
        long positions = (long) batch * (cached ? Math.min(PREFILL_CHUNK, length) : length);
        return (parameters + ModelProviders.of(spec).decodingFloats(spec, vocab, positions, length, batch, cached))
                * FLOAT_BYTES;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** CPU model and core count, as the timings depend on them. */
    private static String describeMachine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException e) {
            cpu = System.getProperty("os.arch");
        }
        // the device the engine computes on: a CUDA build of PyTorch makes it gpu(0), and then the CPU is the host's
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
                + ", device " + Engine.getInstance().defaultDevice();
    }
}
