package dev.statetrack.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Checks every path a command reads or writes before any work starts, so that a bad path is one
 * line naming it, never a stack trace after minutes of work. The rule for outputs, the same for
 * every command: missing parent folders are created, so the check is that the nearest existing
 * ancestor is a writable folder; an existing output must be of the expected kind (file or folder)
 * and writable. Files are then written atomically ({@link dev.statetrack.store.AtomicFile}).
 */
final class UserPaths {

    static final String OUTPUT_RULE = "Missing parent folders of an output are created.";

    private UserPaths() {
    }

    /** @param what how the user knows the path, e.g. "study file" or "--config" */
    static Path readableFile(Path path, String what) {
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException(what + " '" + path + "' is a folder; give a file");
        }
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(what + " '" + path + "' does not exist");
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(what + " '" + path + "' cannot be read (no permission)");
        }
        return path;
    }

    static Path readableFolder(Path path, String what) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(what + " '" + path + "' does not exist");
        }
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException(what + " '" + path + "' is a file; give a folder");
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(what + " '" + path + "' cannot be read (no permission)");
        }
        return path;
    }

    /** A table .csv names a file; other group names are checked by the group catalog. */
    static String groupName(String group, String what) {
        if (group != null && group.strip().endsWith(".csv")) {
            readableFile(Path.of(group.strip()), what + " table");
        }
        return group;
    }

    static Path writableFile(Path path, String what) {
        Path absolute = absolute(path, what);
        if (Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(what + " '" + path + "' is a folder; give a file name");
        }
        if (Files.exists(absolute) && !Files.isWritable(absolute)) {
            throw new IllegalArgumentException(what + " '" + path + "' cannot be written (no permission)");
        }
        creatableFolder(absolute.getParent(), path, what);
        return path;
    }

    static Path writableFolder(Path path, String what) {
        Path absolute = absolute(path, what);
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(what + " '" + path + "' is a file; give a folder");
        }
        creatableFolder(absolute, path, what);
        return path;
    }

    /** The folder exists and is writable, or its nearest existing ancestor is a writable folder. */
    private static void creatableFolder(Path folder, Path given, String what) {
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new IllegalArgumentException(what + " '" + given + "': no folder on its path exists");
        }
        if (!Files.isDirectory(existing)) {
            throw new IllegalArgumentException(what + " '" + given + "' cannot be created: '" + existing
                    + "' is a file, not a folder");
        }
        if (!Files.isWritable(existing)) {
            throw new IllegalArgumentException(what + " '" + given + "' cannot be written: folder '" + existing
                    + "' is not writable (permission or read-only file system)");
        }
    }

    private static Path absolute(Path path, String what) {
        try {
            return path.toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(what + " '" + path + "' is not a valid path");
        }
    }
}
