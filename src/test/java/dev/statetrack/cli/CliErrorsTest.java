package dev.statetrack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** User mistakes give one clear line on stderr and exit code 2, never a stack trace. */
public class CliErrorsTest {

    @TempDir
    Path dir;

    public record Run(int exitCode, String out, String err) {
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static void assertUserError(String expectedFragment, String... args) {
        Run r = run(args);
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(expectedFragment), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void badInputIsReportedWithExitCode2() throws Exception {
        assertUserError("Z1: the modulus m must be at least 2", "dataset", "--group", "Z1", "-L", "3", "-N", "5");
        assertUserError("L must be at least 2", "dataset", "--group", "Z3", "-L", "1", "-N", "5");
        assertUserError("allowed 1..", "dataset", "--group", "Z2", "-L", "3", "-N", "500");
        assertUserError("unknown group 'Q8'", "dataset", "--group", "Q8", "-L", "3", "-N", "5");
        assertUserError("unknown format 'chain'", "dataset", "--group", "Z3", "-L", "3", "-N", "5", "--format", "chain");
        assertUserError("unknown distribution", "dataset", "--group", "Z3", "-L", "3", "-N", "5", "--distribution", "x");
        assertUserError("Missing required option", "dataset", "--group", "Z3");
        assertUserError("S9: m must be between 2 and 6", "group", "S9");
        Path table = dir.resolve("broken.csv");
        Files.writeString(table, "0,1,2\n1,0,1\n2,2,0\n");
        assertUserError("associativity fails", "group", table.toString());
        Files.writeString(table, "0,1\n1,x\n");
        assertUserError("'x' is not an element number", "group", table.toString());
    }

    /** /proc passes the path checks for root yet refuses every new file: the system's reason is shown. */
    @Test
    void aWriteTheSystemRefusesNamesThePathAndTheReason() {
        Assumptions.assumeTrue(Files.isWritable(Path.of("/proc")), "needs a /proc that looks writable (root on Linux)");
        Run r = run("dataset", "--group", "Z3", "-L", "3", "-N", "5", "--out", "/proc/st-refused/x.jsonl");
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("statetrack: cannot write /proc/st-refused/x.jsonl: No such file or directory", r.err().strip());
        assertFalse(Files.exists(Path.of("/proc/st-refused")));
    }

    @Test
    void aValidTableFilePrintsItsGroup() throws Exception {
        Path table = dir.resolve("klein.csv");
        Files.writeString(table, "# Klein four-group\n0,1,2,3\n1,0,3,2\n2,3,0,1\n3,2,1,0\n");
        Run r = run("group", table.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("klein: order 4, identity 0"), r.out());
    }

    @Test
    void datasetWritesJsonLinesAndASummary() throws Exception {
        Path out = dir.resolve("d.jsonl");
        Run r = run("dataset", "--group", "S3", "-L", "4", "-N", "30", "--format", "acot", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        var lines = Files.readAllLines(out);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        long train = lines.stream().filter(l -> l.contains("\"split\":\"train\"")).count();
        assertEquals(30, train);
        var first = json.readTree(lines.get(0));
        assertEquals(first.get("length").asInt(), first.get("elements_one_line").size());
        assertEquals(first.get("states").toString(), first.get("targets").toString(), "acot supervises every state");
        var summary = json.readTree(dir.resolve("d.jsonl.summary.json").toFile());
        assertEquals("S3", summary.get("group").asText());
        int summed = 0;
        for (var row : summary.get("rows")) {
            summed += row.get("samples").asInt();
        }
        assertEquals(lines.size(), summed);
    }
}
