package dev.statetrack.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.statetrack.model.ModelFactory;
import dev.statetrack.model.ModelFlops;
import dev.statetrack.model.ModelSpec;
import dev.statetrack.model.SequenceModel;
import dev.statetrack.task.Batch;
import dev.statetrack.task.Format;
import dev.statetrack.task.Group;
import dev.statetrack.task.GroupCatalog;
import dev.statetrack.task.PackedSequences;
import dev.statetrack.task.Vocabulary;
import dev.statetrack.train.IntraOpThreads;
import dev.statetrack.train.TrainingStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/** {@code statetrack bench-steps}: how long one training step takes, for comparison with a PyTorch reference. */
@Command(name = "bench-steps", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Measures the median milliseconds per training step (building each member's batch from packed "
                        + "sequences as training does, forward, backward and Adam update on one batch of random "
                        + "sequences of exactly --length elements) and prints one JSON line per configuration, with "
                        + "the device it ran on.",
                "--width, --length and --threads take comma-separated lists; every combination is measured.",
                "With --concurrent K, K trials run at once on K Java threads (each with --threads intra-op threads); "
                        + "steps_per_s is their combined throughput.",
                "With --ensemble E, each trial is a batched ensemble of E configurations (own batches, own learning "
                        + "rates); member_steps_per_s counts every member's step.",
                "cpu_median_ms and member_steps_per_cpu_s count the stepping thread's CPU time instead of wall time "
                        + "(with 1 intra-op thread all of a step runs there): steadier on a shared machine.",
                "With --profile, one configuration's --steps steps run once under PyTorch's profiler instead, and "
                        + "each outermost operation (forward, backward, optimiser) gets a JSON line with its calls "
                        + "and microseconds per step (summed, and as calls × the median call); 'outside ops' is the rest of the "
                        + "wall time (Java, JNI).",
                ModelSpecs.DEFAULTS_HELP})
public final class BenchStepsCommand implements Callable<Integer> {

    private static final int DISTINCT_BATCHES = 16;

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", description = "A model name (see 'statetrack models'; default: lstm).")
    private String model = "lstm";

    @Option(names = "--layers", description = "Layers (transformer, lstm).")
    private Integer layers;

    @Option(names = "--width", split = ",", description = "Model width(s): d_model, LSTM hidden size or SSM state size.")
    private List<Integer> widths;

    @Option(names = "--heads", description = "Attention heads (transformer; 0 = not applicable).")
    private Integer heads;

    @Option(names = "--embedding", description = "Token embedding size (lstm; 0 or absent = width).")
    private Integer embedding;

    @Option(names = "--normalize-state", negatable = true,
            description = "dense-ssm: unit-length states (default: off); ignored by models that do not take it.")
    private Boolean normalizeState;

    @Option(names = "--model-option", paramLabel = "KEY=VALUE", description = ModelSpecs.OPTION_HELP)
    private Map<String, String> modelOptions;

    @Option(names = "--group", description = "Group, which sets the vocabulary size (default: ${DEFAULT-VALUE}).")
    private String group = "Z5";

    @Option(names = "--group-order", paramLabel = "K",
            description = "Instead of --group: the cyclic group Z<K> (vocabulary K+2), as the PyTorch reference takes it.")
    private Integer groupOrder;

    @Option(names = "--format", description = "outcome, cot, acot (default: ${DEFAULT-VALUE}).")
    private String format = "acot";

    @Option(names = "--length", split = ",", description = "Sequence length(s) n (default: 20).")
    private List<Integer> lengths = List.of(20);

    @Option(names = "--threads", split = ",", description = "Intra-op thread count(s) (default: 1).")
    private List<Integer> threadCounts = List.of(1);

    @Option(names = "--concurrent", description = "Trials measured at once (default: ${DEFAULT-VALUE}).")
    private int concurrent = 1;

    @Option(names = "--ensemble", split = ",", paramLabel = "E",
            description = "Ensemble size(s): configurations trained as one batched model (default: 1).")
    private List<Integer> ensembles = List.of(1);

    @Option(names = {"--batch-size", "--batch"}, description = "Batch size (default: ${DEFAULT-VALUE}).")
    private int batchSize = 64;

    @Option(names = "--warmup", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    private int warmup = 5;

    @Option(names = "--steps", description = "Timed steps per repeat (default: ${DEFAULT-VALUE}).")
    private int steps = 30;

    @Option(names = "--repeats", description = "Repeats; the median of their mean step times is reported (default: ${DEFAULT-VALUE}).")
    private int repeats = 5;

    @Option(names = "--matmul-reference",
            description = "Instead of training steps: this machine's float32 matrix-multiply rate (512×512 by 512×512, "
                    + "--threads threads), the ceiling the models' arithmetic rates are compared with.")
    private boolean matmulReference;

    @Option(names = "--profile",
            description = "Instead of timing: where the time of a step goes, per operation (one thread, --concurrent 1).")
    private boolean profile;

    @Override
    public Integer call() throws InterruptedException, IOException {
        if (matmulReference) {
            PrintWriter out = spec.commandLine().getOut();
            for (int threads : threadCounts) {
                out.println(new ObjectMapper().writeValueAsString(matmulRate(ModelSpecs.positive("--threads", threads, 1))));
            }
            out.flush();
            return 0;
        }
        Group parsedGroup = GroupCatalog.parse(groupOrder == null ? UserPaths.groupName(group, "--group") : "Z" + ModelSpecs.positive("--group-order", groupOrder, 1));
        Format parsedFormat = Format.parse(format);
        ModelSpecs.positive("--concurrent", concurrent, 1);
        ModelSpecs.positive("--batch-size", batchSize, 1);
        ModelSpecs.positive("--steps", steps, 1);
        ModelSpecs.positive("--repeats", repeats, 1);
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup must be >= 0, got " + warmup);
        }
        if (profile && concurrent != 1) {
            throw new IllegalArgumentException("--profile needs --concurrent 1 (the profiler records every thread), got "
                    + concurrent);
        }
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper json = new ObjectMapper();
        for (Integer width : widths == null ? Arrays.asList((Integer) null) : widths) {
            ModelSpec modelSpec;
            try {
                modelSpec = ModelSpecs.build(model, layers, width, zeroAsAbsent(heads), zeroAsAbsent(embedding),
                        normalizeState, modelOptions);
            } catch (ModelSpecs.FlagError e) {
                // bench/compare.py passes --normalize-state to every model; the others ignore it
                if (!e.unknown || !e.key.equals("normalize-state")) {
                    throw e;
                }
                modelSpec = ModelSpecs.build(model, layers, width, zeroAsAbsent(heads), zeroAsAbsent(embedding),
                        null, modelOptions);
            }
            for (int length : lengths) {
                if (length < 1) {
                    throw new IllegalArgumentException("--length must be >= 1, got " + length);
                }
                for (int threads : threadCounts) {
                    ModelSpecs.positive("--threads", threads, 1);
                    for (int ensemble : ensembles) {
                        ModelSpecs.positive("--ensemble", ensemble, 1);
                        if (profile) {
                            for (Map<String, Object> row : profile(modelSpec, parsedGroup, parsedFormat, length,
                                    threads, ensemble)) {
                                out.println(json.writeValueAsString(row));
                            }
                        } else {
                            out.println(json.writeValueAsString(
                                    measure(modelSpec, parsedGroup, parsedFormat, length, threads, ensemble)));
                        }
                        out.flush();
                    }
                }
            }
        }
        return 0;
    }

    private Map<String, Object> measure(ModelSpec modelSpec, Group parsedGroup, Format parsedFormat, int length,
                                        int threads, int ensemble) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(concurrent);
        List<Future<Measurement>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int worker = 0; worker < concurrent; worker++) {
            long seed = worker + 1;
            futures.add(pool.submit(() -> timeSteps(modelSpec, parsedGroup, parsedFormat, length, threads, ensemble,
                    seed)));
        }
        List<Double> repeatMillis = new ArrayList<>();
        List<Double> repeatCpuMillis = new ArrayList<>();
        long parameters = 0;
        try {
            for (Future<Measurement> f : futures) {
                Measurement m = f.get();
                repeatMillis.addAll(m.repeatMillis());
                repeatCpuMillis.addAll(m.repeatCpuMillis());
                parameters = m.parameters();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        double median = median(repeatMillis);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("impl", "djl");
        row.put("model", modelSpec.kind());
        row.put("layers", modelSpec.layers());
        row.put("width", modelSpec.width());
        row.put("heads", modelSpec.heads());
        row.put("embedding", modelSpec.embedding());
        row.put("normalize_state", modelSpec.normalizeState());
        row.put("options", modelSpec.options());
        row.put("group", parsedGroup.name());
        row.put("vocab", new Vocabulary(parsedGroup.order()).size());
        row.put("format", parsedFormat.id());
        row.put("length", length);
        row.put("input_length", parsedFormat.inputLength(length));
        row.put("batch", batchSize);
        row.put("threads", threads);
        row.put("concurrent", concurrent);
        row.put("ensemble", ensemble);
        row.put("median_ms", Math.round(median * 100) / 100.0);
        row.put("steps_per_s", Math.round(concurrent * 1000.0 / median * 10) / 10.0);
        row.put("member_steps_per_s", Math.round(concurrent * ensemble * 1000.0 / median * 10) / 10.0);
        // per thread-CPU second: what a step costs when the machine is shared (time descheduled is not counted)
        double cpuMedian = median(repeatCpuMillis);
        row.put("cpu_median_ms", Math.round(cpuMedian * 100) / 100.0);
        row.put("member_steps_per_cpu_s", Math.round(ensemble * 1000.0 / cpuMedian * 10) / 10.0);
        row.put("params", parameters);
        // one member's training step: the batch's samples, each a stream of input_length tokens
        row.put("flops_per_step", batchSize * ModelFlops.trainingPerSample(modelSpec,
                new Vocabulary(parsedGroup.order()).size(), parsedFormat.inputLength(length)));
        row.put("wall_s", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
        row.put("djl", Engine.getDjlVersion());
        row.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        row.put("device", Engine.getInstance().defaultDevice().toString());
        return row;
    }

    /** Wall and CPU milliseconds per step of each repeat (CPU: the stepping thread's own). */
    private record Measurement(List<Double> repeatMillis, List<Double> repeatCpuMillis, long parameters) {
    }

    private Measurement timeSteps(ModelSpec modelSpec, Group parsedGroup, Format parsedFormat, int length, int threads,
                                  int ensemble, long seed) {
        long[] parameters = new long[1];
        List<Double> millis = new ArrayList<>();
        List<Double> cpuMillis = new ArrayList<>();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        runSteps(modelSpec, parsedGroup, parsedFormat, length, threads, ensemble, seed, (step, model, batches) -> {
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                long c0 = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < steps; i++) {
                    step.run(batches.get());
                }
                cpuMillis.add((cpu.getCurrentThreadCpuTime() - c0) / 1e6 / steps);
                millis.add((System.nanoTime() - t0) / 1e6 / steps);
            }
            parameters[0] = model.parameterCount();
            return 0;
        });
        return new Measurement(millis, cpuMillis, parameters[0]);
    }

    /** What runs after the warm-up steps: given the step and the member batches of each next step. */
    private interface TimedSteps {
        double run(TrainingStep step, SequenceModel model, Supplier<List<Batch>> batches);
    }

    private double runSteps(ModelSpec modelSpec, Group parsedGroup, Format parsedFormat, int length, int threads,
                            int ensemble, long seed, TimedSteps timed) {
        IntraOpThreads.use(threads);
        Vocabulary vocabulary = new Vocabulary(parsedGroup.order());
        PackedSequences sequences = randomSequences(parsedGroup, length, seed);
        long[] seeds = new long[ensemble];
        double[] learningRates = new double[ensemble];
        for (int e = 0; e < ensemble; e++) {
            seeds[e] = seed * 1000 + e;
            learningRates[e] = 1e-4 * (1 + e);
        }
        try (NDManager manager = NDManager.newBaseManager();
             SequenceModel m = ModelFactory.create(modelSpec, vocabulary, parsedFormat.inputLength(length),
                     DataType.FLOAT32, seeds, manager)) {
            TrainingStep step = new TrainingStep(m, learningRates, vocabulary.pad(), manager);
            int[] next = {0};
            Supplier<List<Batch>> nextBatches = () -> memberBatches(sequences, parsedFormat, vocabulary, next[0]++, ensemble);
            for (int i = 0; i < warmup; i++) {
                step.run(nextBatches.get());
            }
            return timed.run(step, m, nextBatches);
        }
    }

    /**
     * Runs --warmup steps, then --steps steps under the profiler, and returns one row per outermost
     * operation, per step, by decreasing time.
     */
    private List<Map<String, Object>> profile(ModelSpec modelSpec, Group parsedGroup, Format parsedFormat, int length,
                                              int threads, int ensemble) throws IOException {
        Path trace = Files.createTempFile("statetrack-profile", ".json");
        try {
            double wallMicros = runSteps(modelSpec, parsedGroup, parsedFormat, length, threads, ensemble, 1,
                    (step, model, batches) -> {
                        JniUtils.startProfile(false, false, false);
                        long t0 = System.nanoTime();
                        for (int i = 0; i < steps; i++) {
                            step.run(batches.get());
                        }
                        double micros = (System.nanoTime() - t0) / 1e3;
                        JniUtils.stopProfile(trace.toString());
                        return micros;
                    });
            List<Map<String, Object>> rows = new ArrayList<>();
            for (OpProfile.Row op : OpProfile.summarize(trace, wallMicros)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("model", modelSpec.kind());
                row.put("width", modelSpec.width());
                row.put("length", length);
                row.put("ensemble", ensemble);
                row.put("op", op.name());
                row.put("calls_per_step", Math.round(op.calls() * 10.0 / steps) / 10.0);
                row.put("us_per_step", Math.round(op.micros() * 10 / steps) / 10.0);
                row.put("share", Math.round(op.micros() / wallMicros * 1000) / 1000.0);
                row.put("median_based_us_per_step", Math.round(op.robustMicros() * 10 / steps) / 10.0);
                rows.add(row);
            }
            return rows;
        } finally {
            Files.deleteIfExists(trace);
        }
    }

    private Map<String, Object> matmulRate(int threads) {
        IntraOpThreads.use(threads);
        int n = 512;
        int perRepeat = 20;
        List<Double> seconds = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.randomUniform(-1f, 1f, new Shape(n, n));
            NDArray b = manager.randomUniform(-1f, 1f, new Shape(n, n));
            for (int r = 0; r < warmup + repeats; r++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < perRepeat; i++) {
                        a.matMul(b).getFloat(0, 0);
                    }
                    if (r >= warmup) {
                        seconds.add((System.nanoTime() - t0) / 1e9 / perRepeat);
                    }
                }
            }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("impl", "djl-matmul");
        row.put("size", n);
        row.put("threads", threads);
        row.put("gflops", Math.round(2.0 * n * n * n / median(seconds) / 1e9 * 10) / 10.0);
        return row;
    }

    /**
     * Member e of step i trains on batch i + e: members see different data, as in a real ensemble. Each
     * step builds its batches from packed sequences as training does, so their cost is in the step time.
     */
    private List<Batch> memberBatches(PackedSequences sequences, Format parsedFormat, Vocabulary vocabulary,
                                      int step, int ensemble) {
        List<Batch> chosen = new ArrayList<>(ensemble);
        for (int e = 0; e < ensemble; e++) {
            int first = (step + e) % DISTINCT_BATCHES * batchSize;
            int[] rows = new int[batchSize];
            for (int r = 0; r < batchSize; r++) {
                rows[r] = first + r;
            }
            chosen.add(Batch.of(sequences, rows, parsedFormat, vocabulary));
        }
        return chosen;
    }

    private PackedSequences randomSequences(Group parsedGroup, int length, long seed) {
        Random random = new Random(seed);
        List<int[]> sequences = new ArrayList<>();
        for (int b = 0; b < DISTINCT_BATCHES * batchSize; b++) {
            int[] x = new int[length];
            for (int i = 0; i < length; i++) {
                x[i] = random.nextInt(parsedGroup.order());
            }
            sequences.add(x);
        }
        return PackedSequences.of(parsedGroup, sequences);
    }

    /** The PyTorch reference (and its driver) pass 0 for sizes a model does not have. */
    private static Integer zeroAsAbsent(Integer value) {
        return value != null && value == 0 ? null : value;
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
