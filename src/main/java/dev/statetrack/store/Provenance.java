package dev.statetrack.store;

import dev.statetrack.train.TrainingMachine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Where and with what a trial was run. How it was executed is recorded here, never in its identity.
 *
 * @param gitCommit      commit of the tool's source, with "-dirty" if it had local changes; null if unknown
 * @param ensembleSize   how many configurations were trained together with it as one batched model (1: alone)
 * @param ensembleMember its index among them
 * @param startedAt      when its ensemble started; {@code finishedAt}: when its ensemble finished
 */
public record Provenance(String toolVersion, String gitCommit, String host, int threads, int ensembleSize,
                         int ensembleMember, Instant startedAt, Instant finishedAt) {

    private static final String VERSION = readVersion();
    private static final String COMMIT = readCommit();

    public static Provenance of(int threads, int ensembleSize, int ensembleMember, Instant startedAt,
                                Instant finishedAt) {
        return new Provenance(VERSION, COMMIT, TrainingMachine.localHost(), threads, ensembleSize, ensembleMember,
                startedAt, finishedAt);
    }

    public static String currentToolVersion() {
        return VERSION;
    }

    /** Commit of the tool's source ("-dirty" when it had local changes), or null when unknown. */
    public static String currentGitCommit() {
        return COMMIT;
    }

    /** Written by Maven resource filtering at build time. */
    private static String readVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream("/statetrack-build.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException ignored) {
            // an unreadable resource means the version is unknown, which the store records as such
        }
        return "unknown";
    }

    /**
     * Asks git about the directory the classes were loaded from, not the working directory, which
     * may belong to an unrelated repository. A jar outside any checkout gives null.
     */
    private static String readCommit() {
        try {
            Path code = Path.of(Provenance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = Files.isDirectory(code) ? code : code.getParent();
            String head = git(dir, "rev-parse", "HEAD");
            if (head == null || head.isBlank()) {
                return null;
            }
            String changes = git(dir, "status", "--porcelain", "--untracked-files=no");
            return changes == null || changes.isBlank() ? head.strip() : head.strip() + "-dirty";
        } catch (Exception e) {
            return null;
        }
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = dir.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return null;
        }
        return p.exitValue() == 0 ? out : null;
    }
}
