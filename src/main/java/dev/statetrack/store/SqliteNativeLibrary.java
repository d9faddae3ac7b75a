package dev.statetrack.store;

import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * sqlite-jdbc extracts its native library when it first connects, by default as a fresh copy per
 * process in the system temporary folder, which every killed process leaves behind. Instead the
 * library is copied once per driver version into a per-user cache folder
 * ({@code $XDG_CACHE_HOME/statetrack/sqlite}, else {@code ~/.cache/statetrack/sqlite}) and loaded
 * from there ({@code org.sqlite.lib.path}); that folder is also the driver's own extraction folder
 * ({@code org.sqlite.tmpdir}) should the copy fail. Folders the user set with -D win.
 */
final class SqliteNativeLibrary {

    private SqliteNativeLibrary() {
    }

    /** Sets the driver's folders up; call once, before the first connection. */
    static void useCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        String chosen = System.getProperty("org.sqlite.tmpdir");
        Path folder = chosen != null ? Path.of(chosen) : cache.resolve("statetrack").resolve("sqlite");
        try {
            Files.createDirectories(folder);
            System.setProperty("org.sqlite.tmpdir", folder.toString());
            if (System.getProperty("org.sqlite.lib.path") != null) {
                return;
            }
            String name = LibraryLoaderUtil.getNativeLibName();
            // not "sqlite-VERSION...": the driver deletes what starts so in its folder on every start
            Path versioned = folder.resolve("jdbc-" + SQLiteJDBCLoader.getVersion());
            Path library = versioned.resolve(name);
            if (!Files.isRegularFile(library)) {
                try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(
                        LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name)) {
                    if (in == null) {
                        return; // no bundled library for this platform: the driver looks elsewhere
                    }
                    AtomicFile.write(library, in::transferTo);
                }
            }
            System.setProperty("org.sqlite.lib.path", versioned.toString());
            System.setProperty("org.sqlite.lib.name", name);
        } catch (IOException | SecurityException e) {
            // an unwritable cache: the driver's default folder still works
        }
    }
}
