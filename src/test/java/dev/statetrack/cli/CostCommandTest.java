package dev.statetrack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.statetrack.model.ModelFlops;
import dev.statetrack.model.ModelSpec;
import dev.statetrack.testing.StubStudy;
import dev.statetrack.train.InferenceCost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CostCommandTest {

    @TempDir
    Path dir;

    @Test
    void badInputsGiveOneLineAndExitCode2() {
        assertUserError("unknown model 'rnn'", "cost", "--model", "rnn");
        assertUserError("--lengths 0 out of range; allowed: 1..65536", "cost", "--lengths", "16,0");
        assertUserError("--lengths 70000 out of range", "cost", "--lengths", "70000");
        assertUserError("--batch 0 out of range; allowed: 1..4096", "cost", "--batch", "0");
        assertUserError("--repeats must be >= 1", "cost", "--repeats", "0");
        assertUserError("--max-memory-gib must be positive", "cost", "--max-memory-gib", "-1");
        assertUserError("apply only without a study", "cost", "--preset", "quick", "--model", "lstm");
        assertUserError("not both", "cost", "--preset", "quick", dir.toString());
        assertUserError("unknown group 'Q8'", "cost", "--group", "Q8");
        assertUserError("--heads does not apply to model lstm", "cost", "--heads", "2");
        assertUserError("study file '" + dir.resolve("study.yaml") + "' does not exist", "cost", dir.toString());
    }

    @Test
    void jsonRowsCarryTheMeasurementAndTheArchitecturesFlops() throws Exception {
        var r = CliErrorsTest.run("cost", "--model", "transformer", "--layers", "1", "--width", "8", "--heads", "2",
                "--group", "Z3", "--lengths", "3,6", "--batch", "2", "--repeats", "1", "--json");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        ModelSpec spec = ModelSpec.transformer(1, 8, 2);
        for (int i = 0; i < 4; i++) {
            JsonNode row = new ObjectMapper().readTree(lines.get(i));
            int length = i < 2 ? 3 : 6;
            boolean cached = i % 2 == 1;
            assertEquals("transformer", row.get("model").asText());
            assertEquals(length, row.get("length").asInt());
            assertEquals(2, row.get("batch").asInt());
            assertEquals(cached, row.get("cache").asBoolean());
            assertEquals(ModelFlops.decodingPerToken(spec, 5, length, cached), row.get("flops_per_token").asLong());
            assertEquals(ModelFlops.parameters(spec, 5, 6), row.get("parameters").asLong());
            assertTrue(row.get("ms_per_token").asDouble() > 0, lines.get(i));
            assertEquals(row.get("ms_per_step").asDouble() / 2, row.get("ms_per_token").asDouble(), 1e-9);
            assertTrue(row.get("peak_bytes").asLong() >= 4 * row.get("parameters").asLong(),
                    "the parameters are alive during the step: " + lines.get(i));
            assertTrue(row.get("machine").asText().endsWith(", device cpu()") && row.has("threads"), lines.get(i));
        }
        long uncachedPeak = new ObjectMapper().readTree(lines.get(2)).get("peak_bytes").asLong();
        long cachedPeak = new ObjectMapper().readTree(lines.get(3)).get("peak_bytes").asLong();
        assertTrue(cachedPeak < uncachedPeak, "one cached step holds less than a full pass: " + r.out());
    }

    @Test
    void pointsOverTheMemoryLimitAreSkippedNotRun() {
        var r = CliErrorsTest.run("cost", "--model", "transformer", "--lengths", "4096", "--batch", "64",
                "--max-memory-gib", "0.5", "--json");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("\"skipped\":\"needs about"), r.out());
        assertFalse(r.out().contains("ms_per_token"), r.out());
    }

    @Test
    void aStudyFolderGetsItsRowsInCostJsonl() throws Exception {
        Files.writeString(dir.resolve("study.yaml"), StubStudy.YAML);
        var r = CliErrorsTest.run("cost", dir.toString(), "--lengths", "2", "--batch", "1", "--repeats", "1");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().lines().findFirst().orElseThrow().startsWith("model"), r.out());
        List<InferenceCost> saved = InferenceCost.readLines(dir.resolve("cost.jsonl"));
        assertEquals(List.of("transformer", "transformer", "lstm", "lstm"),
                saved.stream().map(InferenceCost::model).toList());
        assertEquals(List.of(false, true, false, true), saved.stream().map(InferenceCost::cache).toList());
        assertEquals(6 + 2, saved.get(0).vocab(), "the study's largest group, S3, sets the vocabulary");
    }

    private static void assertUserError(String expectedFragment, String... args) {
        var r = CliErrorsTest.run(args);
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(expectedFragment), r.err());
        assertEquals(1, r.err().lines().filter(l -> !l.startsWith("Try '")).count(), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }
}
