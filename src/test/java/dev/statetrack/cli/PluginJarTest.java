package dev.statetrack.cli;

import dev.statetrack.model.ModelProviders;
import dev.statetrack.store.RunStore;
import dev.statetrack.store.StoredTrial;
import dev.statetrack.testing.ExamplePlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's model in its own jar (the README's worked example, compiled here from
 * src/test/resources/plugin-example), put on bin/statetrack's class path with --plugins or
 * STATETRACK_PLUGINS, trains in a tiny study named in a study file.
 */
class PluginJarTest {

    private static final String STUDY = """
            name: plugin
            models:
              - {kind: elman, hidden: 8}
            groups: [Z2]
            formats: [acot]
            distributions: [uniform]
            lengths: [3]
            training: {steps: 60, batch-size: 16, epsilon: 1.0e-1, eval-every: 30,
                       learning-rates: [1.0e-2], seeds: [10]}
            search: {divisor: 4, max-sample-sizes: 2, tolerance: 0.25}
            analyses: {nstar: true}
            """;

    @TempDir
    Path dir;

    @Test
    void aPluginJarOnTheClassPathIsAModelAStudyCanName() throws Exception {
        assertFalse(ModelProviders.names().contains("elman"), "the example is not on the tool's own class path");
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        ExamplePlugin.build(dir, plugins.resolve("elman.jar"));

        Process listing = statetrack(List.of("--plugins", plugins.toString(), "models"), null);
        String models = new String(listing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, listing.waitFor(), models);
        assertTrue(models.contains("elman") && models.contains(ExamplePlugin.PROVIDER), models);

        Path file = dir.resolve("plugin.yaml");
        Files.writeString(file, STUDY);
        Path out = dir.resolve("out");
        Process study = statetrack(List.of("study", file.toString(), "--out", out.toString(), "--workers", "1"),
                plugins.toString());
        String log = new String(study.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, study.waitFor(), log);
        try (RunStore store = RunStore.open(out.resolve("runs.sqlite"))) {
            List<StoredTrial> trials = store.trials();
            assertFalse(trials.isEmpty(), log);
            for (StoredTrial t : trials) {
                assertEquals("elman", t.spec().model().kind());
                // embedding 3·8 (Z2: 2 elements, SEP, PAD → V = 4), W 64 + U 64 + b 8, head 8·4 + 4
                assertEquals(4 * 8 + 64 + 64 + 8 + 8 * 4 + 4, t.result().parameterCount());
                assertTrue(t.result().steps() > 0, "trained: " + t.result());
            }
        }
    }

    /** bin/statetrack, as a user runs it; {@code pluginsVariable} sets STATETRACK_PLUGINS. */
    private static Process statetrack(List<String> args, String pluginsVariable) throws IOException {
        List<String> command = new ArrayList<>(List.of("bin/statetrack"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OMP_NUM_THREADS", "1");
        if (pluginsVariable != null) {
            builder.environment().put("STATETRACK_PLUGINS", pluginsVariable);
        }
        Process process = builder.start();
        OutputStream stdin = process.getOutputStream();
        stdin.close();
        return process;
    }
}
