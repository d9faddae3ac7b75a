package dev.statetrack.cli;

import dev.statetrack.testing.StubStudy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudyResumeAfterKillTest {

    @TempDir
    Path dir;

    @Test
    void aStudyKilledWithSigkillResumesWithoutRetrainingFinishedTrials() throws Exception {
        Path out = dir.resolve("out");
        Path firstLog = dir.resolve("first.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StubStudy.class.getName(),
                out.toString(), "150", firstLog.toString(), "16")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.out").toFile()).start();
        Set<String> storedBeforeKill;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // Killed mid-trial: some trials stored, and an ensemble claimed and training (every ensemble
            // after the child's sixteenth trains until the kill, so the claims are still there when it comes).
            while (storedHashes(out).size() < 6 || claims(out) == 0) {
                assertTrue(child.isAlive(), "the child ended before it was killed: " + Files.readString(dir.resolve("child.out")));
                assertTrue(System.nanoTime() < deadline, "the child stored too few trials in time");
                Thread.sleep(50);
            }
        } finally {
            child.destroyForcibly();  // SIGKILL on Linux: no shutdown hooks, no cleanup
            child.waitFor(30, TimeUnit.SECONDS);
        }
        storedBeforeKill = storedHashes(out);
        assertTrue(count(out, "claims") > 0, "the kill left the claims of trials in flight behind");
        assertTrue(count(out, "trials") < 300, "killed long before the end");

        Path secondLog = dir.resolve("second.log");
        StringWriter stderr = new StringWriter();
        StringWriter stdout = new StringWriter();
        long t0 = System.nanoTime();
        int code = StubStudy.run(dir.resolve("e2e-study.yaml"), out, 0, secondLog, new PrintWriter(stdout, true),
                new PrintWriter(stderr, true));
        assertEquals(0, code, stderr.toString());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30),
                "the dead child's claims were taken over at once, not after the stale timeout");

        List<String> retrained = Files.readAllLines(secondLog);
        Set<String> overlap = new HashSet<>(retrained);
        overlap.retainAll(storedBeforeKill);
        assertEquals(Set.of(), overlap, "no trial stored before the kill was trained again");
        assertEquals(retrained.size(), new HashSet<>(retrained).size(), "the resumed run trained nothing twice");
        Set<String> storedAfter = storedHashes(out);
        assertTrue(storedAfter.containsAll(storedBeforeKill), "finished trials survived the kill");
        assertEquals(storedBeforeKill.size() + retrained.size(), storedAfter.size(),
                "every trial of the resumed run was stored once, beside the earlier ones");
        assertEquals(0, count(out, "claims"));
        assertTrue(Files.exists(out.resolve("report.html")));
        assertTrue(stderr.toString().contains("reused"), stderr.toString());
        assertTrue(stdout.toString().contains("; " + storedAfter.size() + " stored in all."),
                "the summary states the total stored, so none look lost: " + stdout);
    }

    private static Set<String> storedHashes(Path out) throws Exception {
        Set<String> hashes = new HashSet<>();
        if (!Files.exists(out.resolve("runs.sqlite"))) {
            return hashes;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + out.resolve("runs.sqlite"));
             ResultSet rs = c.createStatement().executeQuery("SELECT hash FROM trials")) {
            while (rs.next()) {
                hashes.add(rs.getString(1));
            }
        } catch (java.sql.SQLException notCreatedYet) {
            return hashes;
        }
        return hashes;
    }

    private static int claims(Path out) throws Exception {
        try {
            return count(out, "claims");
        } catch (java.sql.SQLException notCreatedYet) {
            return 0;
        }
    }

    private static int count(Path out, String table) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + out.resolve("runs.sqlite"));
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            return rs.getInt(1);
        }
    }
}
