package dev.statetrack.cli;

import dev.statetrack.model.ModelProviders;
import dev.statetrack.model.ModelSpec;
import dev.statetrack.task.DatasetSampler;
import dev.statetrack.task.Format;
import dev.statetrack.task.GroupCatalog;
import dev.statetrack.task.LengthDistribution;
import dev.statetrack.train.LocalTrialExecutor;
import dev.statetrack.train.TrainingProgress;
import dev.statetrack.train.TrialResult;
import dev.statetrack.train.TrialSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** {@code statetrack train}: one training run, from flags and/or a YAML file. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Trains one model on one state-tracking task and reports whether it learnt it: "
                        + "success means validation loss fell below epsilon (the run stops at that evaluation).",
                "Settings come from --config FILE (YAML, keys = option names without dashes, e.g. 'max-length: 10'), "
                        + "then from flags, which override the file, then from the defaults shown.",
                "Exit code 0 when the run completed (learnt or not), 2 for invalid settings.",
                ModelSpecs.DEFAULTS_HELP},
        footer = {"", "Example: statetrack train --group Z5 --format acot --max-length 10 --model lstm --width 64 --lr 1e-3"})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML file with any of the settings below.")
    private Path config;

    @Option(names = "--group", description = "Group: Z<m> (cyclic, Z2 = parity), S<m>, ... (default: Z2).")
    private String group;

    @Option(names = "--format", description = "Supervision: outcome, cot, acot (default: acot).")
    private String format;

    @Option(names = "--distribution", description = "Training lengths: fixed, uniform, short-to-long (default: uniform).")
    private String distribution;

    @Option(names = "--max-length", paramLabel = "L", description = "Longest sequence length L (default: 5).")
    private Integer maxLength;

    @Option(names = "--train-size", paramLabel = "N",
            description = "Training samples N (default: all available after validation, at most steps × batch size).")
    private Long trainSize;

    @Option(names = "--model", description = "A model name: transformer, lstm, dense-ssm, gru, diagonal-rnn, householder-rnn or a plug-in's "
            + "(see 'statetrack models'; default: lstm).")
    private String model;

    @Option(names = "--layers", description = "Layers (transformer, lstm).")
    private Integer layers;

    @Option(names = "--width", description = "Model width: transformer d_model, lstm hidden size, dense-ssm state size.")
    private Integer width;

    @Option(names = "--heads", description = "Attention heads (transformer); must divide --width.")
    private Integer heads;

    @Option(names = "--embedding", description = "Token embedding size (lstm).")
    private Integer embedding;

    @Option(names = "--normalize-state", negatable = true,
            description = "dense-ssm: rescale h_t to unit length after each step (default: off).")
    private Boolean normalizeState;

    @Option(names = "--model-option", paramLabel = "KEY=VALUE", description = ModelSpecs.OPTION_HELP)
    private Map<String, String> modelOptions;

    @Option(names = "--lr", description = "Adam learning rate (default: 1e-3).")
    private Double lr;

    @Option(names = "--seed", description = "Fixes initialisation, data order and the validation draw (default: 10).")
    private Long seed;

    @Option(names = "--steps", description = "Optimisation step budget (default: 10000).")
    private Integer steps;

    @Option(names = "--batch-size", description = "Batch size (default: 64).")
    private Integer batchSize;

    @Option(names = "--epsilon", description = "Success threshold on validation loss (default: 1e-4).")
    private Double epsilon;

    @Option(names = "--eval-every", description = "Validate every this many steps (default: 250).")
    private Integer evalEvery;

    @Option(names = "--threads", description = "PyTorch intra-op threads (default: 1).")
    private Integer threads;

    @Option(names = "--probe-max-length", paramLabel = "N",
            description = "Also report accuracy on fresh sequences of each length 2..N after training (default: 0 = off).")
    private Integer probeMaxLength;

    @Option(names = "--max-memory", paramLabel = "SIZE", description = MemoryLimits.OPTION_HELP)
    private String maxMemory;

    @Override
    public Integer call() {
        MemoryLimits limits = MemoryLimits.of(maxMemory);
        TrainConfig file = config == null ? TrainConfig.EMPTY : TrainConfig.read(UserPaths.readableFile(config, "--config"));
        TrialSpec trial = resolve(file);
        int threadCount = located("threads", threads, file,
                () -> ModelSpecs.positive("--threads", pick(threads, file.threads()), 1));
        limits.check("this trial", MemoryLimits.estimate(List.of(trial), GroupCatalog.parse(trial.group()).order()), 1);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "training %s on %s, %s, %s, L=%d, N=%d, lr %s, seed %d, %d steps%n",
                describe(trial.model()), trial.group(), trial.format().id(), trial.distribution().id(),
                trial.maxLength(), trial.trainSize(), trial.learningRate(), trial.seed(), trial.steps());
        out.flush();
        TrialResult result = new LocalTrialExecutor(threadCount).execute(trial, () -> false, progress(out));
        summarise(result, out);
        return 0;
    }

    private TrialSpec resolve(TrainConfig file) {
        String groupName = pick(group, file.group(), "Z2");
        var parsedGroup = located("group", group, file, () -> GroupCatalog.parse(UserPaths.groupName(groupName, "--group")));
        Format parsedFormat = located("format", format, file, () -> Format.parse(pick(format, file.format(), "acot")));
        LengthDistribution parsedDistribution = located("distribution", distribution, file,
                () -> LengthDistribution.parse(pick(distribution, file.distribution(), "uniform")));
        int length = located("max-length", maxLength, file, () -> {
            int l = pick(maxLength, file.maxLength(), 5);
            if (l < 2) {
                throw new IllegalArgumentException("--max-length must be >= 2, got " + l);
            }
            return l;
        });
        String modelName = pick(model, file.model(), "lstm");
        located("model", model, file, () -> ModelProviders.of(modelName));
        ModelSpec modelSpec;
        try {
            modelSpec = ModelSpecs.build(modelName, pick(layers, file.layers()), pick(width, file.width()),
                    pick(heads, file.heads()), pick(embedding, file.embedding()),
                    pick(normalizeState, file.normalizeState()), options(file));
        } catch (ModelSpecs.FlagError e) {
            // a size that came from the config file (and not a flag) is reported at its line
            boolean fromFlag = switch (e.key) {
                case "layers" -> layers != null;
                case "width" -> width != null;
                case "heads" -> heads != null;
                case "embedding" -> embedding != null;
                case "normalize-state" -> normalizeState != null;
                default -> true;
            };
            throw !fromFlag && file.has(e.key) ? file.error(e.key, e.problem) : e;
        }
        int stepCount = located("steps", steps, file,
                () -> ModelSpecs.positive("--steps", pick(steps, file.steps()), 10_000));
        int batch = located("batch-size", batchSize, file,
                () -> ModelSpecs.positive("--batch-size", pick(batchSize, file.batchSize()), 64));
        long available = DatasetSampler.availableForTraining(parsedGroup.order(), parsedDistribution, length);
        long size = located("train-size", trainSize, file, () -> {
            Long n = pick(trainSize, file.trainSize());
            if (n == null) {
                return Math.min(available, (long) stepCount * batch);
            }
            if (n < 1 || n > available) {
                throw new IllegalArgumentException("--train-size " + n + " out of range; allowed: 1.." + available
                        + " for " + groupName + " " + parsedDistribution.id() + " L=" + length);
            }
            return n;
        });
        double rate = located("lr", lr, file, () -> {
            double r = pick(lr, file.lr(), 1e-3);
            if (!(r > 0) || Double.isInfinite(r)) {
                throw new IllegalArgumentException("--lr must be a positive number, got " + r);
            }
            return r;
        });
        double eps = located("epsilon", epsilon, file, () -> {
            double e = pick(epsilon, file.epsilon(), 1e-4);
            if (!(e > 0)) {
                throw new IllegalArgumentException("--epsilon must be > 0, got " + e);
            }
            return e;
        });
        int every = located("eval-every", evalEvery, file,
                () -> ModelSpecs.positive("--eval-every", pick(evalEvery, file.evalEvery()), 250));
        int probe = located("probe-max-length", probeMaxLength, file, () -> {
            int p = pick(probeMaxLength, file.probeMaxLength(), 0);
            if (p < 0 || p == 1) {
                throw new IllegalArgumentException("--probe-max-length must be 0 (off) or >= 2, got " + p);
            }
            return p;
        });
        return new TrialSpec(groupName, parsedFormat, parsedDistribution, length, size, modelSpec, rate,
                pick(seed, file.seed(), 10L), stepCount, batch, eps, every, probe);
    }

    /** The config file's model-options, each overridden by a --model-option of the same key. */
    private Map<String, String> options(TrainConfig file) {
        Map<String, String> merged = new LinkedHashMap<>();
        if (file.modelOptions() != null) {
            merged.putAll(file.modelOptions());
        }
        if (modelOptions != null) {
            merged.putAll(modelOptions);
        }
        return merged;
    }

    /** Reads one setting; a bad value that came from the config file is reported at its line and column. */
    private static <T> T located(String key, Object flag, TrainConfig file, Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw flag == null && file.has(key) ? file.error(key, e.getMessage()) : e;
        }
    }

    private static TrainingProgress progress(PrintWriter out) {
        boolean terminal = System.console() != null;
        return (step, total, trainingLoss, validationLoss) -> {
            if (terminal) {
                int filled = (int) (30L * step / total);
                out.printf(Locale.ROOT, "\r[%s%s] %d/%d  loss %.3g  val %.3g ", "#".repeat(filled),
                        ".".repeat(30 - filled), step, total, trainingLoss, validationLoss);
            } else {
                out.printf(Locale.ROOT, "step %d/%d loss %.4g val-loss %.4g%n", step, total, trainingLoss,
                        validationLoss);
            }
            out.flush();
        };
    }

    private static void summarise(TrialResult result, PrintWriter out) {
        if (System.console() != null) {
            out.println();
        }
        String outcome = result.failureReason() != null ? "FAILED (" + result.failureReason() + ")"
                : result.success() ? "LEARNT" : "not learnt within budget";
        out.printf(Locale.ROOT, "result: %s%n", outcome);
        out.printf(Locale.ROOT, "  steps %d, best validation loss %.4g, validation accuracy %.4f%n",
                result.steps(), result.bestValidationLoss(), result.validationAccuracy());
        out.printf(Locale.ROOT, "  parameters %d, wall time %.1f s%n", result.parameterCount(),
                result.wallMillis() / 1000.0);
        for (Map.Entry<Integer, Double> e : result.accuracyByLength().entrySet()) {
            out.printf(Locale.ROOT, "  accuracy at length %d: %.4f%n", e.getKey(), e.getValue());
        }
        out.flush();
    }

    static String describe(ModelSpec m) {
        return ModelProviders.of(m).describe(m);
    }

    private static <T> T pick(T flag, T fromFile, T fallback) {
        return flag != null ? flag : fromFile != null ? fromFile : fallback;
    }

    private static <T> T pick(T flag, T fromFile) {
        return flag != null ? flag : fromFile;
    }
}
