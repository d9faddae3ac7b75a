package dev.statetrack.cluster;

import dev.statetrack.model.ModelProviders;
import dev.statetrack.testing.ExamplePlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The driver ships exactly the jars of plug-in providers, found where the executors will look for them. */
class PluginJarsTest {

    @TempDir
    Path dir;

    @Test
    void theJarOfAPluginProviderIsShippedAndTheToolsOwnModelsAreNot() throws Exception {
        assertEquals(List.of(), SparkTrialExecutor.pluginJars(), "built-in models travel in target/cluster/lib");
        Path jar = ExamplePlugin.build(dir, dir.resolve("elman.jar"));
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader plugins = new URLClassLoader(new URL[] {jar.toUri().toURL()}, previous)) {
            thread.setContextClassLoader(plugins);
            assertTrue(ModelProviders.names().contains("elman"), "found through the context class loader");
            assertEquals(List.of(jar.toString()), SparkTrialExecutor.pluginJars());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
