package dev.statetrack.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs {@link ChildTrials} in a fresh JVM with this test's class path and returns its standard output. */
final class ChildJvm {

    private ChildJvm() {
    }

    static List<String> run(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + "/bin/java");
        command.addAll(jvmOptions);
        command.add("-Dai.djl.offline=true");
        command.add("-Dai.djl.pytorch.num_interop_threads=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ChildTrials.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OMP_NUM_THREADS", "1");
        Process process = builder.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        }
        assertEquals(0, process.waitFor(), "child JVM failed; output: " + lines);
        return lines;
    }
}
