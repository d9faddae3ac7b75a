package dev.statetrack.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The process's resident memory as Linux reports it in {@code /proc/self/status}, with its high-water
 * mark reset on demand ({@code echo 5 > /proc/self/clear_refs}, Linux 4.0+). It sees what PyTorch's
 * CPU allocator takes from the system, which DJL does not expose, but also the JVM and whatever the
 * C allocator keeps after a free; elsewhere every reading is empty.
 */
final class ResidentMemory {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private ResidentMemory() {
    }

    /** Makes the high-water mark the current resident size; false where that is not possible. */
    static boolean resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    static OptionalLong current() {
        return field("VmRSS:");
    }

    static OptionalLong peak() {
        return field("VmHWM:");
    }

    private static OptionalLong field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    // "VmRSS:     2164 kB"
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
