package dev.statetrack.cli;

import dev.statetrack.report.ReportWriter;
import dev.statetrack.store.RunStore;
import dev.statetrack.study.StudyLoader;
import dev.statetrack.study.StudyPlan;
import dev.statetrack.study.StudyResults;
import dev.statetrack.study.TaskSpace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes report.html (self-contained), report.md, charts/ and CSV tables for a study folder.")
public final class ReportCommand implements Callable<Integer> {

    static final String STUDY_FILE = "study.yaml";
    static final String STORE_FILE = "runs.sqlite";

    @Parameters(index = "0", paramLabel = "DIR", description = "The --out folder of a 'statetrack study' run.")
    Path dir;

    @Spec
    CommandSpec spec;

    private final TaskSpace tasks;

    public ReportCommand() {
        this(TaskSpace.catalog());
    }

    public ReportCommand(TaskSpace tasks) {
        this.tasks = tasks;
    }

    @Override
    public Integer call() {
        UserPaths.writableFolder(UserPaths.readableFolder(dir, "study folder"), "study folder");
        Path studyFile = dir.resolve(STUDY_FILE);
        Path storeFile = dir.resolve(STORE_FILE);
        if (!Files.isRegularFile(studyFile) || !Files.isRegularFile(storeFile)) {
            throw new IllegalArgumentException("'" + dir + "' is not a study folder: it needs " + STUDY_FILE
                    + " and " + STORE_FILE + " (pass the --out folder of a 'statetrack study' run)");
        }
        StudyPlan plan = StudyPlan.of(StudyLoader.load(studyFile), tasks);
        try (RunStore store = RunStore.open(storeFile)) {
            writeReport(dir, StudyResults.load(plan, store), store, spec.commandLine().getOut());
        }
        return 0;
    }

    static void writeReport(Path dir, StudyResults results, RunStore store, PrintWriter out) {
        List<Path> files = ReportWriter.write(dir, results, store);
        out.println("report: " + files.get(0).toAbsolutePath());
        out.println("also: " + files.size() + " files in " + dir.toAbsolutePath()
                + " (report.md, charts/, nstar.csv, trials.csv, ...)");
        out.flush();
    }
}
