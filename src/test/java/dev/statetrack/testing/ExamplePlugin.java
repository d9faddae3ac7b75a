package dev.statetrack.testing;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The README's plug-in example (an Elman RNN, src/test/resources/plugin-example), compiled against the
 * test class path and packaged with its services line, as a user's build would: a jar that is on no
 * class path until a test puts it there.
 */
public final class ExamplePlugin {

    public static final String PROVIDER = "org.example.elman.ElmanProvider";
    private static final String[] SOURCES = {"org/example/elman/Elman.java", "org/example/elman/ElmanProvider.java"};

    private ExamplePlugin() {
    }

    /** Compiles the example in {@code work} and writes its jar to {@code jar}. */
    public static Path build(Path work, Path jar) throws IOException {
        Path sources = Files.createDirectories(work.resolve("src"));
        Path classes = work.resolve("classes");
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), "-proc:none"));
        for (String source : SOURCES) {
            Path target = sources.resolve(source);
            Files.createDirectories(target.getParent());
            try (InputStream in = ExamplePlugin.class.getResourceAsStream("/plugin-example/" + source)) {
                Files.copy(in, target);
            }
            arguments.add(target.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, null, arguments.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("the plug-in example does not compile");
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/dev.statetrack.model.ModelProvider"));
            out.write((PROVIDER + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }
}
