package dev.statetrack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandsTest {

    @Test
    void benchStepsPrintsOneJsonLinePerConfiguration() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new BenchStepsCommand()).setOut(new PrintWriter(out));
        int code = cli.execute("--model", "dense-ssm", "--width", "8,16", "--length", "5", "--warmup", "1",
                "--steps", "2", "--repeats", "3");
        assertEquals(0, code);
        String[] lines = out.toString().trim().split("\n");
        assertEquals(2, lines.length);
        JsonNode row = new ObjectMapper().readTree(lines[1]);
        assertEquals("dense-ssm", row.get("model").asText());
        assertEquals(16, row.get("width").asInt());
        assertEquals(1, row.get("threads").asInt());
        assertEquals(7L * 16 * 16 + 16 + 16 * 7 + 7, row.get("params").asLong(), "Z5 vocabulary is 7 tokens");
        assertTrue(row.get("median_ms").asDouble() > 0);
    }

    /** bench/compare.py passes every size option to every model, 0 where a model has no such size. */
    @Test
    void benchStepsAcceptsTheReferenceDriversOptions() throws Exception {
        StringWriter out = new StringWriter();
        int code = new CommandLine(new BenchStepsCommand()).setOut(new PrintWriter(out)).execute(
                "--model", "transformer", "--layers", "1", "--width", "8", "--heads", "2", "--embedding", "0",
                "--normalize-state", "--group-order", "3", "--length", "4", "--batch", "16", "--threads", "1",
                "--warmup", "0", "--steps", "1", "--repeats", "1");
        assertEquals(0, code);
        JsonNode row = new ObjectMapper().readTree(out.toString().trim());
        assertEquals("djl", row.get("impl").asText());
        assertEquals("cpu()", row.get("device").asText(), "the device it ran on: this machine has no GPU");
        assertEquals(16, row.get("batch").asInt());
        assertEquals(5, row.get("vocab").asInt());
        assertEquals(0, row.get("embedding").asInt());
        long d = 8;
        assertEquals(5 * d + 4 * d + (12 * d * d + 13 * d) + 2 * d, row.get("params").asLong());
    }

    @Test
    void userMistakesAreIllegalArgumentsNamingTheValue() {
        assertMistake("--heads 3 does not divide width 10", new BenchStepsCommand(), "--model", "transformer", "--width", "10",
                "--heads", "3");
        assertMistake("unknown model 'rnn'", new BenchStepsCommand(), "--model", "rnn");
        assertMistake("--heads does not apply to model lstm", new TrainCommand(), "--model", "lstm", "--heads", "2");
        assertMistake("unknown format 'cotx'", new TrainCommand(), "--format", "cotx");
        assertMistake("--model-option eigenvalues 'neg' is not allowed; allowed: positive, signed", new TrainCommand(),
                "--model", "diagonal-rnn", "--model-option", "eigenvalues=neg");
        assertMistake("--model-option width has a flag of its own: --width", new TrainCommand(), "--model", "lstm",
                "--model-option", "width=3");
        assertMistake("--model-option beta-max does not apply to model gru", new BenchStepsCommand(), "--model", "gru",
                "--model-option", "beta-max=2");
    }

    @Test
    void configFileKeysAreCheckedAndFlagsOverrideThem(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "group: Z3\nmax-lenght: 5\n");
        assertMistake("bad.yaml:2:13: max-lenght: unknown key", new TrainCommand(), "--config", bad.toString());
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, "model: transformer\nwidth: 10\nheads: 3\n");
        assertMistake("good.yaml:3:8: heads: 3 does not divide width 10", new TrainCommand(), "--config",
                good.toString());
        Path options = dir.resolve("options.yaml");
        Files.writeString(options, "model: diagonal-rnn\nmodel-options: {eigenvalues: negative}\n");
        assertMistake("--model-option eigenvalues 'negative' is not allowed", new TrainCommand(), "--config",
                options.toString());
        Files.writeString(options, "model: diagonal-rnn\nmodel-options: [signed]\n");
        assertMistake("options.yaml:2:16: model-options: must be a mapping", new TrainCommand(), "--config",
                options.toString());
        assertMistake("--heads 5 does not divide width 12", new TrainCommand(), "--config", good.toString(),
                "--width", "12", "--heads", "5");
    }

    @Test
    void helpExplainsTheDefaults() {
        String help = new CommandLine(new TrainCommand()).getUsageMessage();
        assertTrue(help.contains("--[no-]normalize-state"), help);
        assertTrue(help.contains("YAML"), help);
        assertTrue(help.contains("lstm 1 layer, width (hidden)"), help);
    }

    private static void assertMistake(String expected, Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        Exception[] thrown = new Exception[1];
        cli.setExecutionExceptionHandler((e, c, p) -> {
            thrown[0] = e;
            return 2;
        });
        assertEquals(2, cli.execute(args));
        assertInstanceOf(IllegalArgumentException.class, thrown[0]);
        assertTrue(thrown[0].getMessage().contains(expected), thrown[0].getMessage());
    }
}
