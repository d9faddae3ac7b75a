package dev.statetrack.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The machine a trial trains on, as its result records it: host name, CPU model and MKL's
 * reproducibility branch when one is set. A seed's run is bit-identical on one kind of CPU but not across
 * kinds (MKL picks its kernels by the CPU it finds), so a stored outcome is only reproducible knowing
 * this; on a cluster it is the executor's machine, not the driver's.
 */
public final class TrainingMachine {

    private static final String HOST = readHost();
    private static final String DESCRIPTION = describe(HOST, cpuModel(Path.of("/proc/cpuinfo"))
            .orElse(System.getProperty("os.arch")), System.getenv("MKL_CBWR"));

    private TrainingMachine() {
    }

    /** This JVM's machine, e.g. {@code "node7 (AMD EPYC)"} or {@code "node7 (AMD EPYC, MKL_CBWR=COMPATIBLE)"}. */
    public static String local() {
        return DESCRIPTION;
    }

    public static String localHost() {
        return HOST;
    }

    static String describe(String host, String cpu, String mklBranch) {
        String numerics = mklBranch == null || mklBranch.isBlank() ? "" : ", MKL_CBWR=" + mklBranch.strip();
        return host + " (" + cpu + numerics + ")";
    }

    /** The first "model name" of a Linux cpuinfo file; empty elsewhere. */
    static Optional<String> cpuModel(Path cpuinfo) {
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .filter(model -> !model.isEmpty())
                    .findFirst();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static String readHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env != null ? env : "unknown";
        }
    }
}
