package dev.statetrack.cli;

import dev.statetrack.model.MemoryEstimate;
import dev.statetrack.model.ModelFlops;
import dev.statetrack.model.ModelSpec;
import dev.statetrack.search.ClusterTrialExecutor;
import dev.statetrack.search.ConfigurationGrid;
import dev.statetrack.search.TrialExecutors;
import dev.statetrack.store.AtomicFile;
import dev.statetrack.store.RunStore;
import dev.statetrack.study.CostEstimate;
import dev.statetrack.study.Progress;
import dev.statetrack.study.StepTimes;
import dev.statetrack.study.SearchCost;
import dev.statetrack.study.StudyResults;
import dev.statetrack.study.StudyLoader;
import dev.statetrack.study.StudyPlan;
import dev.statetrack.study.StudyRunner;
import dev.statetrack.study.StudySpec;
import dev.statetrack.study.TaskSpace;
import dev.statetrack.study.TrainingGrid;
import dev.statetrack.train.TrialExecutor;
import dev.statetrack.train.TrialSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;

@Command(name = "study", mixinStandardHelpOptions = true,
        description = {"Runs a study (N* searches, κ, length generalisation) and writes its report.",
                "Interrupted runs resume: run the same command again; stored trials are reused."})
public final class StudyCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Study YAML file.")
    Path file;

    @Option(names = "--preset", paramLabel = "NAME", description = "Built-in study: quick, standard or paper.")
    String preset;

    @Option(names = "--out", paramLabel = "DIR",
            description = {"Output folder (run store, study.yaml, report). Default: statetrack-out/<study name>.",
                    UserPaths.OUTPUT_RULE})
    Path out;

    @Option(names = "--workers", paramLabel = "N",
            description = "Trials trained at once. Default: available cores / threads.")
    Integer workers;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Compute threads per worker (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--max-ensemble", paramLabel = "E", defaultValue = "" + ConfigurationGrid.DEFAULT_MAX_ENSEMBLE,
            description = "Most configurations of one sample size trained together as one batched model "
                    + "(default ${DEFAULT-VALUE}; 1 trains each alone). Results do not depend on it beyond "
                    + "floating-point rounding.")
    int maxEnsemble;

    @Option(names = "--spark-master", paramLabel = "URL", defaultValue = "${env:STATETRACK_SPARK_MASTER}",
            description = {"Train on a Spark cluster (e.g. spark://host:7077, yarn, k8s://...; default: env "
                    + "STATETRACK_SPARK_MASTER). This command stays the driver: searches, run store and report "
                    + "live here; --workers then means trials in flight (default: the cluster's cores / threads)."})
    String sparkMaster;

    @Option(names = "--dry-run", description = "List the searches and probes, the most trials they can take, the "
            + "largest trial's memory estimate and the estimated cost (step times measured here for a few "
            + "seconds), then the trials that do not fit this machine; train nothing. Exits 0 even when some "
            + "do not fit.")
    boolean dryRun;

    @Option(names = "--max-memory", paramLabel = "SIZE", description = MemoryLimits.OPTION_HELP)
    String maxMemory;

    @Spec
    CommandSpec spec;

    private final IntFunction<TrialExecutor> executors;
    private final TaskSpace tasks;
    private final Duration claimPollInterval;
    private final IntFunction<StepTimes> stepTimes;

    public StudyCommand() {
        this(TrialExecutors::local, TaskSpace.catalog(), Duration.ofSeconds(2));
    }

    public StudyCommand(IntFunction<TrialExecutor> executors, TaskSpace tasks, Duration claimPollInterval) {
        this(executors, tasks, claimPollInterval, MeasuredStepTimes::new);
    }

    /**
     * @param executors         builds the trial executor from the threads per worker
     * @param claimPollInterval how often to look again at a trial another process is training
     * @param stepTimes         the dry run's step times, from the threads per worker
     */
    public StudyCommand(IntFunction<TrialExecutor> executors, TaskSpace tasks, Duration claimPollInterval,
                        IntFunction<StepTimes> stepTimes) {
        this.executors = executors;
        this.tasks = tasks;
        this.claimPollInterval = claimPollInterval;
        this.stepTimes = stepTimes;
    }

    @Override
    public Integer call() {
        if ((file == null) == (preset == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give either a study FILE or --preset NAME (" + String.join(", ", StudyLoader.PRESETS) + ")");
        }
        if (threads < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
        if (maxEnsemble < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--max-ensemble must be at least 1, got " + maxEnsemble);
        }
        if (workers != null && workers < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workers must be at least 1, got " + workers);
        }
        MemoryLimits limits = MemoryLimits.of(maxMemory);
        String yaml = file != null ? read(file) : StudyLoader.presetText(preset);
        StudySpec study = StudyLoader.parse(yaml, file != null ? file.toString() : "preset " + preset);
        StudyPlan plan = StudyPlan.of(study, tasks);
        Path dir = UserPaths.writableFolder(out != null ? out : Path.of("statetrack-out", study.name()), "--out");
        UserPaths.writableFile(dir.resolve(ReportCommand.STUDY_FILE), "study copy");
        UserPaths.writableFile(dir.resolve(ReportCommand.STORE_FILE), "run store");
        PrintWriter stdout = spec.commandLine().getOut();
        int localWorkers = workers != null ? workers : Math.max(1, Runtime.getRuntime().availableProcessors() / threads);
        List<TrialMemory> memory = trialMemory(plan, maxEnsemble);
        if (dryRun) {
            // a plan for a larger machine: the estimate comes first, then what does not fit here
            printPlan(plan, dir, localWorkers, stdout);
            printLargest(memory, limits, localWorkers, stdout);
            printCost(plan, limits, localWorkers, stdout);
            printMisfits(memory, limits, localWorkers, stdout);
            return 0;
        }
        // refused before anything is allocated
        memory.forEach(t -> limits.check(t.label(), t.estimate(), localWorkers));
        Instant started = Instant.now();
        writeStudyFile(dir, yaml);
        if (sparkMaster == null || sparkMaster.isBlank()) {
            run(plan, dir, executors.apply(threads), localWorkers, started);
        } else {
            try (ClusterTrialExecutor cluster = TrialExecutors.spark(sparkMaster, "statetrack " + study.name(), threads)) {
                run(plan, dir, cluster, workers != null ? workers : cluster.taskSlots(), started);
            }
        }
        return 0;
    }

    private void run(StudyPlan plan, Path dir, TrialExecutor executor, int workerCount, Instant started) {
        PrintWriter stdout = spec.commandLine().getOut();
        try (RunStore store = RunStore.open(dir.resolve(ReportCommand.STORE_FILE))) {
            Progress progress = new Progress(spec.commandLine().getErr(), workerCount, plan);
            new StudyRunner(plan, store, executor, workerCount, threads, maxEnsemble, claimPollInterval,
                    progress).run();
            StudyResults results = StudyResults.load(plan, store);
            stdout.println(progress.summary(store.trialCount()));
            stdout.println(SearchCost.of(results).describe());
            stdout.printf(Locale.ROOT, "Wall time of this run: %s.%n", Progress.duration(
                    Duration.between(started, Instant.now()).toMillis()));
            ReportCommand.writeReport(dir, results, store, stdout);
        }
    }

    private record TrialMemory(String label, MemoryEstimate estimate) {
    }

    /**
     * Every search's first ensemble (at N_max, the largest it trains) and every probe's: a worker trains
     * one ensemble, the configurations of a sample size, at most maxEnsemble of them.
     */
    private static List<TrialMemory> trialMemory(StudyPlan plan, int maxEnsemble) {
        TrainingGrid training = plan.spec().training();
        List<TrialMemory> trials = new ArrayList<>();
        for (StudyPlan.PlannedSearch s : plan.searches()) {
            List<TrialSpec> configurations = s.cell().configurations(training, s.nMax(), 0);
            trials.add(new TrialMemory("search " + s.cell().label() + " at N=" + s.nMax(),
                    MemoryLimits.estimate(firstEnsemble(configurations, maxEnsemble),
                            plan.groupOrder(configurations.get(0).group()))));
        }
        for (StudyPlan.GeneralisationProbe p : plan.probes()) {
            trials.add(new TrialMemory("probe " + p.model().name() + " " + p.group() + " " + p.format().id() + " L="
                    + p.maxLength() + " at N=" + p.trainSize(),
                    MemoryLimits.estimate(firstEnsemble(p.configurations(), maxEnsemble), p.groupOrder())));
        }
        return trials;
    }

    private static List<TrialSpec> firstEnsemble(List<TrialSpec> configurations, int maxEnsemble) {
        return configurations.subList(0, Math.min(maxEnsemble, configurations.size()));
    }

    /** The dry run's last word: every trial this machine cannot hold, with what it needs. */
    private static void printMisfits(List<TrialMemory> trials, MemoryLimits limits, int workers, PrintWriter out) {
        List<String> refusals = trials.stream().map(t -> limits.refusal(t.label(), t.estimate(), workers))
                .filter(Objects::nonNull).toList();
        if (refusals.isEmpty()) {
            out.printf(Locale.ROOT, "every trial fits here (%d at once)%n", workers);
        } else {
            out.printf(Locale.ROOT, "%d of %d searches and probes do not fit here (%d at once); they need a larger "
                    + "machine, --max-memory, a larger heap or fewer --workers:%n", refusals.size(), trials.size(), workers);
            refusals.forEach(r -> out.println("  " + r));
        }
        out.flush();
    }

    private static void printLargest(List<TrialMemory> trials, MemoryLimits limits, int workers, PrintWriter out) {
        TrialMemory byNative = trials.stream().max(Comparator.comparingLong(t -> t.estimate().nativeBytes())).orElseThrow();
        TrialMemory byHeap = trials.stream().max(Comparator.comparingLong(t -> t.estimate().heap())).orElseThrow();
        out.printf(Locale.ROOT, "largest trial: %s: %s%n", byNative.label(), byNative.estimate().describe());
        if (byHeap != byNative && byHeap.estimate().heap() > byNative.estimate().heap()) {
            out.printf(Locale.ROOT, "largest Java heap: %s: %s%n", byHeap.label(), byHeap.estimate().describe());
        }
        out.printf(Locale.ROOT, "limits for %d trials at once: native %s %s, Java heap %s%n", workers,
                MemoryEstimate.bytes(limits.nativeLimit()), limits.nativeSource(), MemoryEstimate.bytes(limits.heapLimit()));
        out.flush();
    }

    /** The report command re-reads the study from here; a changed study replaces it (trials are shared by hash). */
    private void writeStudyFile(Path dir, String yaml) {
        try {
            Path target = dir.resolve(ReportCommand.STUDY_FILE);
            if (Files.exists(target) && !Files.readString(target, StandardCharsets.UTF_8).equals(yaml)) {
                spec.commandLine().getErr().println("[statetrack] " + target + " held a different study; replacing it");
            }
            AtomicFile.writeString(target, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        UserPaths.readableFile(file, "study file");
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read study file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The dry run's cost estimate, from step times measured now for the settings of this plan. A setting
     * whose single member needs more native memory than this machine has cannot be timed here (nor
     * built: a study for a larger machine is what a dry run plans); its step time is extrapolated from
     * the FLOPs per step at the rate measured for the same model's largest timed setting (or any
     * model's, where none of its settings fits), and marked so.
     */
    private void printCost(StudyPlan plan, MemoryLimits limits, int workers, PrintWriter out) {
        Set<CostEstimate.Setting> settings = CostEstimate.settings(plan, maxEnsemble);
        List<CostEstimate.Setting> fitting = settings.stream().filter(s -> MemoryEstimate.of(s.model(),
                s.vocabularySize(), s.sequenceLength(), s.batch(), 1, 0, 1).nativeBytes() <= limits.nativeLimit()).toList();
        spec.commandLine().getErr().printf(Locale.ROOT, "[statetrack] timing %d model x input length settings "
                + "for the cost estimate%s%n", fitting.size(), fitting.size() == settings.size() ? ""
                : " (" + (settings.size() - fitting.size()) + " more need more native memory than this machine has "
                + "even as one member: extrapolated from FLOPs)");
        StepTimes measured = stepTimes.apply(threads);
        Map<CostEstimate.Setting, Double> timed = new HashMap<>();
        fitting.forEach(s -> timed.put(s, measured.secondsPerStep(s.model(), s.vocabularySize(), s.sequenceLength(),
                s.batch(), s.ensembleSize())));
        StepTimes times = (model, vocabulary, length, batch, ensemble) -> {
            CostEstimate.Setting setting = new CostEstimate.Setting(model, vocabulary, length, batch, ensemble);
            Double seconds = timed.get(setting);
            return seconds != null ? seconds : flops(setting) * secondsPerFlop(timed, model);
        };
        CostEstimate cost = CostEstimate.of(plan, times, maxEnsemble);
        cost.secondsPerStep().entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<CostEstimate.Setting, Double> e) -> e.getKey().model().kind())
                        .thenComparing(e -> e.getKey().sequenceLength()))
                .forEach(e -> out.printf(Locale.ROOT, "  step    %s, %d tokens, vocabulary %d, batch %d, "
                                + "ensembles of %d: %.2f ms per member%s%n",
                        TrainCommand.describe(e.getKey().model()), e.getKey().sequenceLength(),
                        e.getKey().vocabularySize(), e.getKey().batch(), e.getKey().ensembleSize(),
                        1000 * e.getValue(), timed.containsKey(e.getKey()) ? "" : " (extrapolated from FLOPs)"));
        out.println(cost.describe(workers, threads));
        out.flush();
    }

    private static double flops(CostEstimate.Setting s) {
        return (double) s.batch() * s.ensembleSize()
                * ModelFlops.trainingPerSample(s.model(), s.vocabularySize(), s.sequenceLength());
    }

    /** Seconds per FLOP of the model's most expensive timed setting, or of any model's; NaN when nothing was timed. */
    private static double secondsPerFlop(Map<CostEstimate.Setting, Double> timed, ModelSpec model) {
        Comparator<Map.Entry<CostEstimate.Setting, Double>> byFlops = Comparator.comparingDouble(e -> flops(e.getKey()));
        return timed.entrySet().stream().filter(e -> e.getKey().model().equals(model)).max(byFlops)
                .or(() -> timed.entrySet().stream().max(byFlops))
                .map(e -> e.getValue() / flops(e.getKey())).orElse(Double.NaN);
    }

    private static void printPlan(StudyPlan plan, Path dir, int workers, PrintWriter out) {
        out.printf(Locale.ROOT, "study %s -> %s (%d workers)%n", plan.spec().name(), dir, workers);
        int configurations = plan.spec().training().configurationCount();
        for (StudyPlan.PlannedSearch s : plan.searches()) {
            out.printf(Locale.ROOT, "  search  %-45s N_max %d%n", s.cell().label(), s.nMax());
        }
        for (StudyPlan.GeneralisationProbe p : plan.probes()) {
            out.printf(Locale.ROOT, "  probe   %s %s %s L=%d at N=%d, lengths 2..%d%n", p.model().name(), p.group(),
                    p.format().id(), p.maxLength(), p.trainSize(), 2 * p.maxLength());
        }
        String perSearch = plan.spec().search().adaptive()
                ? String.format(Locale.ROOT, "adaptive, each at most %d trials", plan.spec().search().maxTrials())
                : String.format(Locale.ROOT, "each at most %d sample sizes x %d configurations",
                        plan.spec().search().maxSampleSizes(), configurations);
        out.printf(Locale.ROOT, "%d searches (%s), %d budget checks "
                        + "(for each finite N*, its probe size with twice the steps; a probe that succeeds searches "
                        + "on down), %d probes: at most %d trials if every check searched down%n",
                plan.searches().size(), perSearch,
                plan.budgetChecks().size(), plan.probes().size(), plan.maxTrials());
        out.flush();
    }
}
