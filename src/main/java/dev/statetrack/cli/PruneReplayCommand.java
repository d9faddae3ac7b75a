package dev.statetrack.cli;

import dev.statetrack.store.RunStore;
import dev.statetrack.study.PruneReplay;
import dev.statetrack.train.PruneRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "prune-replay", mixinStandardHelpOptions = true,
        description = {"Replays a pruning rule on the stored learning curves of a study folder's unpruned trials",
            "and prints what it would have done: the failures it stops and the steps that saves, the",
            "successes it would have stopped before they reached epsilon (misses), and the searches whose N*",
            "would change. Trials derived from another budget, pruned trials and trials stored without a",
            "curve are left out."})
public final class PruneReplayCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The --out folder of a 'statetrack study' run.")
    Path dir;

    @Option(names = "--rule", required = true, paramLabel = "RULE",
            description = "patience=STEPS[,min-delta=FRACTION][,min-steps=STEPS], as training.prune in a study file")
    String rule;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PruneRule parsed = PruneRule.parse(rule);
        Path storeFile = UserPaths.readableFolder(dir, "study folder").resolve(ReportCommand.STORE_FILE);
        if (!Files.isRegularFile(storeFile)) {
            throw new IllegalArgumentException("'" + dir + "' is not a study folder: it has no "
                    + ReportCommand.STORE_FILE + " (pass the --out folder of a 'statetrack study' run)");
        }
        PruneReplay replay;
        try (RunStore store = RunStore.open(storeFile)) {
            replay = PruneReplay.of(store.trials(), store.searches(), parsed);
        }
        print(replay, spec.commandLine().getOut());
        return 0;
    }

    static void print(PruneReplay r, PrintWriter out) {
        out.printf(Locale.ROOT, "rule: %s%n", r.rule().text());
        out.printf(Locale.ROOT, "replayed: %d trained trials with curves (%d failures, %d successes), %,d steps%n",
                r.replayed(), r.failures(), r.replayed() - r.failures(), r.allSteps());
        out.printf(Locale.ROOT, "stopped: %d of %d failures; steps saved: %,d of the failures' %,d (%.1f%%), "
                        + "%.1f%% of all steps%n", r.stoppedFailures(), r.failures(), r.stepsSaved(), r.failureSteps(),
                percent(r.stepsSaved(), r.failureSteps()), percent(r.stepsSaved(), r.allSteps()));
        out.printf(Locale.ROOT, "misses: %d successes stopped before reaching epsilon%n", r.misses().size());
        r.misses().stream().sorted(Comparator.comparingInt(PruneReplay.Miss::stopStep)).forEach(m -> out.printf(
                Locale.ROOT, "  %s %s %s %s L=%d N=%d lr=%s seed=%d: stopped at step %d, succeeded at step %d%n",
                m.trial().hash().substring(0, 12), m.trial().spec().model().kind(), m.trial().spec().group(),
                m.trial().spec().format().id(), m.trial().spec().maxLength(), m.trial().spec().trainSize(),
                m.trial().spec().learningRate(), m.trial().spec().seed(), m.stopStep(), m.successStep()));
        out.printf(Locale.ROOT, "N* changed: %d finished searches%n", r.changedSearches().size());
        r.changedSearches().forEach(c -> out.printf(Locale.ROOT, "  %s %s: N* = %d, but N = %d would fail%n",
                c.searchId().substring(0, 12), c.label(), c.nStar(), c.trainSize()));
        out.flush();
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}
