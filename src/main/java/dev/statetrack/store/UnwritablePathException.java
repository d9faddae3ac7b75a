package dev.statetrack.store;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The system refused to write a file the path checks had accepted (a virtual file system such as
 * {@code /proc}, a permission set meanwhile). Its message is one line naming the file the user asked
 * for, not a temporary beside it, and the system's reason.
 */
public final class UnwritablePathException extends FileSystemException {

    public UnwritablePathException(Path target, FileSystemException cause) {
        super(target.toString(), null, reason(cause));
        initCause(cause);
    }

    @Override
    public String getMessage() {
        return "cannot write " + getFile() + ": " + getReason();
    }

    /** The JDK leaves the reason out of the exceptions it maps from errno; these are their strerror texts. */
    private static String reason(FileSystemException e) {
        if (e.getReason() != null) {
            return e.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        return e.getClass().getSimpleName();
    }
}
