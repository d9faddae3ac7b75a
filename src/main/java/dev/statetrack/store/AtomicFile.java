package dev.statetrack.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that it is either complete or absent: the content goes to a temporary file in the
 * same folder (same file system, so the rename is atomic) which replaces the target only once it is
 * fully written. A failed or killed write leaves the previous file, or none, never half a file.
 * Missing parent folders are created, the one rule for every file statetrack writes.
 */
public final class AtomicFile {

    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    /**
     * @throws UnwritablePathException when the system refuses the target or its folder (no such
     *                                 folder, no permission, a read-only or virtual file system); the
     *                                 folders this call created are removed again
     */
    public static Path write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Path firstCreated = firstMissing(folder);
        try {
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, "." + absolute.getFileName(), ".part");
            try {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary))) {
                    content.writeTo(out);
                }
                try {
                    Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
                }
                return target;
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (FileSystemException e) {
            removeCreated(firstCreated, folder);
            throw new UnwritablePathException(absolute, e);
        }
    }

    /** The outermost folder of {@code folder}'s path that does not exist yet, or null. */
    private static Path firstMissing(Path folder) {
        Path missing = null;
        for (Path p = folder; p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /** Removes the folders from {@code folder} up to {@code firstCreated} where still empty. */
    private static void removeCreated(Path firstCreated, Path folder) {
        if (firstCreated == null) {
            return;
        }
        for (Path p = folder; p != null && p.startsWith(firstCreated); p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                return; // not empty, or not ours to remove
            }
        }
    }

    public static Path write(Path target, byte[] bytes) throws IOException {
        return write(target, out -> out.write(bytes));
    }

    public static Path writeString(Path target, String text) throws IOException {
        return write(target, text.getBytes(StandardCharsets.UTF_8));
    }
}
