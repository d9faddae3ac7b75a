package dev.statetrack.cli;

import dev.statetrack.search.ClusterTrialExecutor;
import dev.statetrack.search.TrialExecutors;
import dev.statetrack.store.RunStore;
import dev.statetrack.study.Progress;
import dev.statetrack.study.SearchCost;
import dev.statetrack.study.StudyResults;
import dev.statetrack.study.StudyLoader;
import dev.statetrack.study.StudyPlan;
import dev.statetrack.study.StudyRunner;
import dev.statetrack.study.StudySpec;
import dev.statetrack.study.TaskSpace;
import dev.statetrack.train.TrialExecutor;
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
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;

@Command(name = "study", mixinStandardHelpOptions = true,
        description = {"Runs a study (N* searches, κ, length generalisation) and writes its report.",
                "Interrupted runs resume: run the same command again; stored trials are reused."})
public final class StudyCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Study YAML file.")
    Path file;

    @Option(names = "--preset", paramLabel = "NAME", description = "Built-in study: paper or quick.")
    String preset;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (run store, study.yaml, report). Default: statetrack-out/<study name>.")
    Path out;

    @Option(names = "--workers", paramLabel = "N",
            description = "Trials trained at once. Default: available cores / threads.")
    Integer workers;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Compute threads per worker (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--spark-master", paramLabel = "URL", defaultValue = "${env:STATETRACK_SPARK_MASTER}",
            description = {"Train on a Spark cluster (e.g. spark://host:7077, yarn, k8s://...; default: env "
                    + "STATETRACK_SPARK_MASTER). This command stays the driver: searches, run store and report "
                    + "live here; --workers then means trials in flight (default: the cluster's cores / threads)."})
    String sparkMaster;

    @Option(names = "--dry-run", description = "List the searches and probes and the most trials they can take; train nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    private final IntFunction<TrialExecutor> executors;
    private final TaskSpace tasks;
    private final Duration claimPollInterval;

    public StudyCommand() {
        this(TrialExecutors::local, TaskSpace.catalog(), Duration.ofSeconds(2));
    }

    /**
     * @param executors         builds the trial executor from the threads per worker
     * @param claimPollInterval how often to look again at a trial another process is training
     */
    public StudyCommand(IntFunction<TrialExecutor> executors, TaskSpace tasks, Duration claimPollInterval) {
        this.executors = executors;
        this.tasks = tasks;
        this.claimPollInterval = claimPollInterval;
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
        if (workers != null && workers < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workers must be at least 1, got " + workers);
        }
        String yaml = file != null ? read(file) : StudyLoader.presetText(preset);
        StudySpec study = StudyLoader.parse(yaml, file != null ? file.toString() : "preset " + preset);
        StudyPlan plan = StudyPlan.of(study, tasks);
        Path dir = out != null ? out : Path.of("statetrack-out", study.name());
        PrintWriter stdout = spec.commandLine().getOut();
        int localWorkers = workers != null ? workers : Math.max(1, Runtime.getRuntime().availableProcessors() / threads);
        if (dryRun) {
            printPlan(plan, dir, localWorkers, stdout);
            return 0;
        }
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
            new StudyRunner(plan, store, executor, workerCount, threads, claimPollInterval,
                    new Progress(spec.commandLine().getErr(), workerCount, plan)).run();
            StudyResults results = StudyResults.load(plan, store);
            stdout.println(SearchCost.of(results).describe());
            stdout.printf(Locale.ROOT, "Wall time of this run: %s.%n", Progress.duration(
                    Duration.between(started, Instant.now()).toMillis()));
            ReportCommand.writeReport(dir, results, store, stdout);
        }
    }

    /** The report command re-reads the study from here; a changed study replaces it (trials are shared by hash). */
    private void writeStudyFile(Path dir, String yaml) {
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(ReportCommand.STUDY_FILE);
            if (Files.exists(target) && !Files.readString(target, StandardCharsets.UTF_8).equals(yaml)) {
                spec.commandLine().getErr().println("[statetrack] " + target + " held a different study; replacing it");
            }
            Files.writeString(target, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("study file " + file + " does not exist (give a YAML file or --preset "
                    + String.join("|", StudyLoader.PRESETS) + ")");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read study file " + file + ": " + e.getMessage(), e);
        }
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
        out.printf(Locale.ROOT, "%d searches (each at most %d sample sizes x %d configurations), %d probes, "
                        + "at most %d trials%n", plan.searches().size(), plan.spec().search().maxSampleSizes(),
                configurations, plan.probes().size(), plan.maxTrials());
        out.flush();
    }
}
