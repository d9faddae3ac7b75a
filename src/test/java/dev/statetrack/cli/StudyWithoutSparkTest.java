package dev.statetrack.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spark is not on the class path bin/statetrack uses by default (it is a provided dependency): a
 * study without --spark-master must not need it, and one with the flag says what is missing.
 */
class StudyWithoutSparkTest {

    private static final String STUDY = """
            name: no-spark
            models:
              - {kind: dense-ssm, state: 8}
            groups: [Z3]
            formats: [acot]
            distributions: [uniform]
            lengths: [3]
            training: {steps: 50, batch-size: 64, epsilon: 2.0e-2, eval-every: 50,
                       learning-rates: [1.0e-2], seeds: [10]}
            search: {divisor: 4, max-sample-sizes: 2, tolerance: 0.25}
            analyses: {nstar: true, kappa: false, length-generalisation: false}
            """;

    @TempDir
    Path dir;

    @Test
    void aLocalStudyRunsOnTheRuntimeClassPathAndLoadsNoSparkClass() throws Exception {
        Path study = Files.writeString(dir.resolve("study.yaml"), STUDY);
        Child run = runtimeClassPathJvm(List.of("-verbose:class"), "study", study.toString(),
                "--out", dir.resolve("out").toString(), "--workers", "1");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(Files.exists(dir.resolve("out").resolve("nstar.csv")));
        assertTrue(run.output().contains("dev.statetrack.train.LocalTrialExecutor"), "class loading was logged");
        assertFalse(run.output().contains("org.apache.spark"), "no Spark class was loaded");
    }

    @Test
    void theSparkFlagWithoutSparkIsAUsageErrorNamingWhatIsMissing() throws Exception {
        Path study = Files.writeString(dir.resolve("study.yaml"), STUDY);
        Child run = runtimeClassPathJvm(List.of(), "study", study.toString(), "--out", dir.resolve("out").toString(),
                "--spark-master", "spark://127.0.0.1:7077");
        assertEquals(Main.USAGE_ERROR, run.exitCode(), run.output());
        assertTrue(run.output().contains("--spark-master spark://127.0.0.1:7077: Spark is not on the class path"),
                run.output());
        assertFalse(run.output().contains("\tat "), "no stack trace: " + run.output());
    }

    private record Child(int exitCode, String output) {
    }

    /** The class path bin/statetrack runs with when no Spark master is given. */
    private Child runtimeClassPathJvm(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        String classPath = Path.of("target", "classes").toAbsolutePath() + java.io.File.pathSeparator
                + Files.readString(Path.of("target", "runtime-classpath.txt")).trim();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dai.djl.offline=true", "-cp", classPath, Main.class.getName()));
        command.addAll(List.of(args));
        Path output = dir.resolve("child.out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OMP_NUM_THREADS", "1");
        Process child = builder.start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child JVM finished");
        return new Child(child.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
