package dev.statetrack.cli;

import dev.statetrack.model.ModelSpec;
import dev.statetrack.report.CostCharts;
import dev.statetrack.report.ReportWriter;
import dev.statetrack.store.AtomicFile;
import dev.statetrack.study.ModelEntry;
import dev.statetrack.study.StudyLoader;
import dev.statetrack.study.StudySpec;
import dev.statetrack.task.GroupCatalog;
import dev.statetrack.task.Vocabulary;
import dev.statetrack.train.InferenceBenchmark;
import dev.statetrack.train.InferenceCost;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code statetrack cost}: what each model costs per token at inference as the context grows. */
@Command(name = "cost", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Measures what generating one token costs each model as the context grows: median milliseconds "
                        + "per token and the memory the step holds, at every --lengths x --batch, beside the "
                        + "FLOPs per token computed from the architecture.",
                "Models come from a study (FILE: a study YAML file or a study folder; or --preset NAME), "
                        + "or from size flags as 'train' takes them. A study folder also gets the rows in "
                        + "cost.jsonl, which its report then shows.",
                "Prints a table, or one JSON object per line with --json.",
                ModelSpecs.DEFAULTS_HELP},
        footer = {"", "Example: statetrack cost --preset quick --lengths 16,64,256,1024 --json"})
public final class CostCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "Study YAML file, or a study folder (the --out of 'statetrack study').")
    private Path file;

    @Option(names = "--preset", paramLabel = "NAME", description = "Built-in study: paper or quick.")
    private String preset;

    @Option(names = "--model", description = "Without a study: a model name (see 'statetrack models'; default: lstm).")
    private String model;

    @Option(names = "--layers", description = "Layers (transformer, lstm).")
    private Integer layers;

    @Option(names = "--width", description = "Model width: d_model, LSTM hidden size or SSM state size.")
    private Integer width;

    @Option(names = "--heads", description = "Attention heads (transformer).")
    private Integer heads;

    @Option(names = "--embedding", description = "Token embedding size (lstm).")
    private Integer embedding;

    @Option(names = "--normalize-state", negatable = true, description = "dense-ssm: unit-length states.")
    private Boolean normalizeState;

    @Option(names = "--model-option", paramLabel = "KEY=VALUE", description = ModelSpecs.OPTION_HELP)
    private Map<String, String> modelOptions;

    @Option(names = "--group", description = "Without a study: the group, which sets the vocabulary (default: Z5). "
            + "A study uses its largest group.")
    private String group;

    @Option(names = "--lengths", split = ",", paramLabel = "N",
            description = "Context lengths: the position of the generated token (default: 16,64,256,1024).")
    private List<Integer> lengths = List.of(16, 64, 256, 1024);

    @Option(names = "--batch", split = ",", paramLabel = "B", description = "Batch sizes (default: 1,64).")
    private List<Integer> batches = List.of(1, 64);

    @Option(names = "--repeats", description = "Timed repeats per point; the median is reported (default: ${DEFAULT-VALUE}).")
    private int repeats = 5;

    @Option(names = "--threads", description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}).")
    private int threads = 1;

    @Option(names = "--max-memory-gib", paramLabel = "GIB",
            description = "Skip points estimated to need more memory than this (default: ${DEFAULT-VALUE}).")
    private double maxMemoryGib = 8;

    @Option(names = "--json", description = "One JSON object per line instead of a table.")
    private boolean json;

    @Option(names = "--charts", paramLabel = "DIR",
            description = "Also write two log-log charts there: ms per token and memory against length.")
    private Path charts;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (!(maxMemoryGib > 0)) {
            throw new IllegalArgumentException("--max-memory-gib must be positive, got " + maxMemoryGib);
        }
        InferenceBenchmark.Settings settings = new InferenceBenchmark.Settings(lengths, batches, repeats, threads,
                (long) (maxMemoryGib * 1024 * 1024 * 1024));
        if (file != null && preset != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give a study FILE or --preset NAME, not both");
        }
        Path studyFolder = file != null && Files.isDirectory(file) ? file : null;
        if (file != null && studyFolder == null) {
            UserPaths.readableFile(file, "study file");
        }
        if (studyFolder != null) {
            UserPaths.readableFile(studyFolder.resolve(ReportCommand.STUDY_FILE), "study file");
            UserPaths.writableFile(studyFolder.resolve(ReportWriter.COST_FILE), "cost file");
        }
        if (charts != null) {
            UserPaths.writableFolder(charts, "--charts");
        }
        List<InferenceBenchmark.Subject> subjects = subjects(studyFolder);
        PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            out.println(CostTable.header());
        }
        List<InferenceCost> rows = new ArrayList<>();
        InferenceBenchmark benchmark = new InferenceBenchmark(settings);
        for (InferenceBenchmark.Subject subject : subjects) {
            benchmark.measure(subject, row -> {
                rows.add(row);
                out.println(json ? row.toJson() : CostTable.line(row));
                out.flush();
            });
        }
        if (!json && !rows.isEmpty()) {
            out.println("machine: " + rows.get(0).machine() + "; " + threads + " thread(s); median of " + repeats
                    + " repeats");
        }
        if (studyFolder != null) {
            save(studyFolder.resolve(ReportWriter.COST_FILE), rows);
            spec.commandLine().getErr().println("[statetrack] saved " + studyFolder.resolve(ReportWriter.COST_FILE)
                    + "; 'statetrack report " + studyFolder + "' adds it to the report");
        }
        if (charts != null) {
            for (Path chart : CostCharts.write(charts, rows)) {
                spec.commandLine().getErr().println("[statetrack] chart: " + chart);
            }
        }
        return 0;
    }

    private List<InferenceBenchmark.Subject> subjects(Path studyFolder) {
        if (file == null && preset == null) {
            ModelSpec modelSpec = ModelSpecs.build(model == null ? "lstm" : model, layers, width, heads, embedding,
                    normalizeState, modelOptions);
            Vocabulary vocabulary = new Vocabulary(GroupCatalog.parse(group == null ? "Z5" : group).order());
            return List.of(new InferenceBenchmark.Subject(modelSpec.kind(), modelSpec, vocabulary));
        }
        if (model != null || layers != null || width != null || heads != null || embedding != null
                || normalizeState != null || modelOptions != null || group != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "model and group flags apply only without a study; the study defines its models and groups");
        }
        StudySpec study = preset != null ? StudyLoader.preset(preset)
                : StudyLoader.load(studyFolder != null ? studyFolder.resolve(ReportCommand.STUDY_FILE) : file);
        int largestOrder = study.groups().stream().mapToInt(g -> GroupCatalog.parse(g).order()).max().orElseThrow();
        Vocabulary vocabulary = new Vocabulary(largestOrder);
        List<InferenceBenchmark.Subject> subjects = new ArrayList<>();
        for (ModelEntry entry : study.models()) {
            subjects.add(new InferenceBenchmark.Subject(entry.name(), entry.spec(), vocabulary));
        }
        return subjects;
    }

    private static void save(Path target, List<InferenceCost> rows) {
        StringBuilder text = new StringBuilder();
        rows.forEach(r -> text.append(r.toJson()).append('\n'));
        try {
            AtomicFile.writeString(target, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** The fixed-width table printed by default. */
    private static final class CostTable {

        private static final String FORMAT = "%-16s %10s %7s %6s %-6s %12s %10s %10s %10s %12s";

        static String header() {
            return String.format(Locale.ROOT, FORMAT, "model", "params", "length", "batch", "cache", "ms/token",
                    "peak MiB", "RSS+ MiB", "FLOP/tok", "GFLOP/s");
        }

        static String line(InferenceCost r) {
            if (!r.measured()) {
                return String.format(Locale.ROOT, FORMAT, r.model(), r.parameters(), r.length(), r.batch(),
                        r.cache() ? "yes" : "no", "skipped", "", "", compact(r.flopsPerToken()), "")
                        + "  (" + r.skipped() + ")";
            }
            double gflops = r.flopsPerToken() / (r.msPerToken() * 1e6);
            return String.format(Locale.ROOT, FORMAT, r.model(), r.parameters(), r.length(), r.batch(),
                    r.cache() ? "yes" : "no", String.format(Locale.ROOT, "%.4g", r.msPerToken()),
                    mib(r.peakBytes()), mib(r.rssGrowthBytes()), compact(r.flopsPerToken()),
                    String.format(Locale.ROOT, "%.3g", gflops));
        }

        private static String mib(Long bytes) {
            return bytes == null ? "n/a" : String.format(Locale.ROOT, "%.3g", bytes / (1024.0 * 1024));
        }

        private static String compact(long flops) {
            return String.format(Locale.ROOT, "%.3g", (double) flops);
        }
    }
}
