package dev.statetrack.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AtomicFileTest {

    @TempDir
    Path dir;

    @Test
    void aFailedWriteKeepsThePreviousFileAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("report.md");
        AtomicFile.writeString(target, "complete");
        assertThrows(IOException.class, () -> AtomicFile.write(target, out -> {
            out.write("half of a new".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("complete", Files.readString(target));
        assertEquals(List.of(target), listing());
    }

    @Test
    void aFailedFirstWriteLeavesNothing() throws IOException {
        Path target = dir.resolve("new.csv");
        assertThrows(IOException.class, () -> AtomicFile.write(target, out -> {
            out.write(1);
            throw new IOException("killed");
        }));
        assertFalse(Files.exists(target));
        assertEquals(List.of(), listing());
    }

    @Test
    void missingParentFoldersAreCreated() throws IOException {
        Path target = dir.resolve("a/b/chart.png");
        AtomicFile.write(target, new byte[] {1, 2, 3});
        assertEquals(3, Files.size(target));
    }

    @Test
    void aRefusedWriteNamesTheTargetAndRemovesTheFoldersItCreated() {
        Path target = dir.resolve("a/b/chart.png");
        UnwritablePathException e = assertThrows(UnwritablePathException.class, () -> AtomicFile.write(target, out -> {
            throw new AccessDeniedException(target.resolveSibling(".chart.png123.part").toString());
        }));
        assertEquals("cannot write " + target.toAbsolutePath() + ": Permission denied", e.getMessage());
        assertFalse(Files.exists(dir.resolve("a")), "the folders made for the file are gone");
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
