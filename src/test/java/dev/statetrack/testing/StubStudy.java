package dev.statetrack.testing;

import dev.statetrack.cli.StudyCommand;
import dev.statetrack.train.TrialExecutor;
import dev.statetrack.train.TrialResult;
import dev.statetrack.train.TrialSpec;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small study with a stub executor whose thresholds are known, run through the real command. Its
 * main runs it in a child JVM (for the kill -9 test):
 * {@code StubStudy OUT_DIR DELAY_MS EXECUTION_LOG TRAINED_ENSEMBLES}; every ensemble after the first
 * TRAINED_ENSEMBLES then trains until the process is killed, so a kill always finds trials claimed.
 */
public final class StubStudy {

    public static final String YAML = """
            name: e2e
            models:
              - {kind: transformer, layers: 1, width: 8, heads: 2}
              - {kind: lstm, hidden: 8}
            groups: [Z3, S3]
            formats: [outcome, acot]
            distributions: [fixed, uniform]
            lengths: [3, 4]
            training: {steps: 40, batch-size: 16, epsilon: 1e-3, eval-every: 10, learning-rates: [1e-3, 1e-2], seeds: [1]}
            search: {divisor: 10, max-sample-sizes: 12, tolerance: 0.05}
            analyses:
              kappa: {groups: [Z3], lengths: [4]}
              length-generalisation: {groups: [Z3], lengths: [3]}
            """;

    private StubStudy() {
    }

    /**
     * The smallest N at which some configuration succeeds: k·L for the LSTM, 3·k·L for the
     * transformer, which cannot learn S3 at all; learning rate 1e-3 needs twice as much.
     */
    public static long threshold(TrialSpec spec) {
        int k = new StubTasks().groupOrder(spec.group());
        long base = (long) k * spec.maxLength();
        if (spec.model().kind().equals("transformer")) {
            base = spec.group().startsWith("S") ? Long.MAX_VALUE / 4 : 3 * base;
        }
        return spec.learningRate() < 5e-3 ? 2 * base : base;
    }

    public static Path writeStudy(Path dir) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve("e2e-study.yaml"), YAML);
    }

    /** Runs the study command with the stub; the hash of every trial it trained to an outcome goes to {@code executionLog}. */
    public static int run(Path studyFile, Path out, long delayMillis, Path executionLog, PrintWriter stdout,
                          PrintWriter stderr) {
        return run(studyFile, out, delayMillis, Long.MAX_VALUE, executionLog, stdout, stderr);
    }

    private static int run(Path studyFile, Path out, long delayMillis, long trainedEnsembles, Path executionLog,
                           PrintWriter stdout, PrintWriter stderr) {
        ThresholdExecutor stub = new ThresholdExecutor(StubStudy::threshold, delayMillis);
        AtomicLong started = new AtomicLong();
        TrialExecutor logging = (ensemble, cancelled) -> {
            if (started.incrementAndGet() > trainedEnsembles) {
                trainUntilKilled();
            }
            List<TrialResult> results = stub.execute(ensemble, cancelled);
            for (int i = 0; i < results.size(); i++) {
                if (!results.get(i).cancelled()) {
                    log(executionLog, dev.statetrack.store.CanonicalHash.trial(ensemble.members().get(i)));
                }
            }
            return results;
        };
        CommandLine cli = new CommandLine(new StudyCommand(threads -> logging, new StubTasks(), Duration.ofMillis(50)));
        cli.setOut(stdout);
        cli.setErr(stderr);
        return cli.execute(studyFile.toString(), "--out", out.toString(), "--workers", "2");
    }

    /** Ignores cancellation too: the claim must still be held when the test kills the process. */
    private static void trainUntilKilled() {
        while (true) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException ignored) {
                // keep holding the claim
            }
        }
    }

    private static void log(Path executionLog, String hash) {
        try {
            Files.writeString(executionLog, hash + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Path study = writeStudy(out.getParent());
        PrintWriter console = new PrintWriter(System.out, true);
        System.exit(run(study, out, Long.parseLong(args[1]), Long.parseLong(args[3]), Path.of(args[2]), console,
                console));
    }
}
