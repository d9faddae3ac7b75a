package dev.statetrack.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The per-op summary of a profiler trace counts outermost ops only, names backward ops, and keeps the rest. */
class OpProfileTest {

    @Test
    void outermostOpsAreSummedAndTheirMedianCallsKept(@TempDir Path dir) throws IOException {
        // two matmuls (one descheduled: 100 µs), the first with an mm inside, and one backward op
        String trace = "[" + String.join(",",
                event("aten::matmul", 0, 10), event("aten::mm", 2, 7),
                event("aten::matmul", 20, 100),
                event("autograd::engine::evaluate_function: MmBackward0", 130, 30), event("aten::mm", 131, 20),
                event("aten::matmul", 170, 12)) + "]";
        Path file = dir.resolve("trace.json");
        Files.writeString(file, trace);
        Map<String, OpProfile.Row> rows = OpProfile.summarize(file, 200).stream()
                .collect(Collectors.toMap(OpProfile.Row::name, r -> r));
        assertEquals(List.of("aten::matmul", "backward: MmBackward0", "outside ops"),
                rows.keySet().stream().sorted().toList());
        OpProfile.Row matmul = rows.get("aten::matmul");
        assertEquals(3, matmul.calls());
        assertEquals(122, matmul.micros(), 1e-9);
        assertEquals(36, matmul.robustMicros(), 1e-9); // 3 calls × the median 12 µs
        assertEquals(30, rows.get("backward: MmBackward0").micros(), 1e-9);
        assertEquals(200 - 122 - 30, rows.get("outside ops").micros(), 1e-9);
    }

    private static String event(String name, double start, double duration) {
        return "{\"name\": \"" + name + "\", \"ph\": \"X\", \"ts\": " + start + ", \"dur\": " + duration
                + ", \"tid\": 1}";
    }
}
