package dev.statetrack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a training step's time goes, from a PyTorch profiler trace (the Chrome-trace JSON that DJL's
 * {@code JniUtils.stopProfile} writes): the outermost operations (what the model's code called in the
 * forward pass and what autograd called in the backward pass, each with everything it called inside),
 * and the time outside every operation (Java, JNI and the gaps between ops) as its own row.
 *
 * <p>Backward ops appear in the trace as {@code autograd::engine::evaluate_function: XBackward0}; they
 * are reported as {@code backward: XBackward0}, forward and optimiser ops as their ATen name. One
 * thread only: with one intra-op thread, autograd's CPU backward runs on the calling thread.
 *
 * <p>Each row also has a robust time: its calls × the median duration of one call. On a shared
 * machine the same op (the same shapes) took from 0.15 to 10 ms in one trace, when the process was
 * descheduled inside it; sums follow those spells, medians do not.
 */
final class OpProfile {

    private static final String BACKWARD_PREFIX = "autograd::engine::evaluate_function: ";

    /**
     * One row: an outermost op's name, its calls and inclusive microseconds summed over the trace, and
     * calls × the median call's microseconds.
     */
    record Row(String name, long calls, double micros, double robustMicros) {
    }

    private OpProfile() {
    }

    /**
     * @param wallMicros the wall time the profiled steps took; what the ops do not cover becomes the
     *                   row "outside ops"
     * @return rows by decreasing robust time
     */
    static List<Row> summarize(Path trace, double wallMicros) throws IOException {
        JsonNode root = new ObjectMapper().readTree(trace.toFile());
        JsonNode events = root.isArray() ? root : root.path("traceEvents");
        List<double[]> spans = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonNode event : events) {
            if (event.has("dur") && "X".equals(event.path("ph").asText())) {
                spans.add(new double[] {event.path("ts").asDouble(), event.path("dur").asDouble(), names.size()});
                names.add(event.path("name").asText());
            }
        }
        // parents before their children: by start, then the longer (enclosing) one first
        spans.sort(Comparator.<double[]>comparingDouble(s -> s[0]).thenComparing(s -> -s[1]));
        Map<String, List<Double>> durations = new LinkedHashMap<>();
        Deque<Double> openEnds = new ArrayDeque<>();
        double covered = 0;
        for (double[] span : spans) {
            while (!openEnds.isEmpty() && openEnds.peek() <= span[0]) {
                openEnds.pop();
            }
            if (openEnds.isEmpty()) {
                String name = names.get((int) span[2]);
                String label = name.startsWith(BACKWARD_PREFIX)
                        ? "backward: " + name.substring(BACKWARD_PREFIX.length()) : name;
                durations.computeIfAbsent(label, k -> new ArrayList<>()).add(span[1]);
                covered += span[1];
            }
            openEnds.push(span[0] + span[1]);
        }
        List<Row> rows = new ArrayList<>();
        durations.forEach((name, list) -> {
            double[] sorted = list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
            rows.add(new Row(name, sorted.length, Arrays.stream(sorted).sum(), median * sorted.length));
        });
        double outside = Math.max(0, wallMicros - covered);
        rows.add(new Row("outside ops", 0, outside, outside));
        rows.sort(Comparator.comparingDouble(Row::robustMicros).reversed());
        return rows;
    }
}
