package dev.statetrack.cli;

import dev.statetrack.store.Provenance;
import dev.statetrack.store.UnwritablePathException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code statetrack} command line. */
@Command(name = "statetrack",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Measures how much training data sequence models need to learn state tracking.",
            "For each model, group, supervision format, length distribution and maximum length it finds",
            "N*, the smallest training set with which the model learns the task, by a search over sample",
            "sizes; studies add the sharing factor kappa and length generalisation.",
            "Start with: statetrack study --preset quick"},
        subcommands = {
            GroupsCommand.class,
            GroupCommand.class,
            DatasetCommand.class,
            TrainCommand.class,
            StudyCommand.class,
            ReportCommand.class,
            PruneReplayCommand.class,
            BenchStepsCommand.class,
            CostCommand.class,
            ModelsCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code for mistakes in the user's input. */
    public static final int USAGE_ERROR = 2;
    /** Exit code for a read or write that failed after the checks (disk full, file removed meanwhile). */
    public static final int IO_ERROR = 1;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests run it in-process. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        Version version = new Version();
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(version));
        cli.setParameterExceptionHandler(Main::reportParameterError);
        cli.setExecutionExceptionHandler(Main::reportExecutionError);
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int reportParameterError(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("statetrack: " + e.getMessage());
        err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
        return USAGE_ERROR;
    }

    /** User mistakes found while running (bad group, impossible sample size, ...) are reported like bad flags. */
    private static int reportExecutionError(Exception e, CommandLine cli, CommandLine.ParseResult parsed)
            throws Exception {
        if (e instanceof IllegalArgumentException || e instanceof CommandLine.ParameterException) {
            cli.getErr().println("statetrack: " + e.getMessage());
            return USAGE_ERROR;
        }
        // a path the checks passed but the system refused (/proc, a permission changed meanwhile) is the user's
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnwritablePathException refused) {
                cli.getErr().println("statetrack: " + refused.getMessage());
                return USAGE_ERROR;
            }
        }
        // paths are checked before work starts; what fails later (a full disk) is the machine's, not the user's
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            cli.getErr().println("statetrack: " + e.getMessage());
            return IO_ERROR;
        }
        throw e;
    }

    /** The version Maven wrote into the build, and the commit it was built from where known. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String commit = Provenance.currentGitCommit();
            return new String[] {
                "statetrack " + Provenance.currentToolVersion() + (commit == null ? "" : " (" + commit + ")"),
                "Java " + System.getProperty("java.version")};
        }
    }
}
