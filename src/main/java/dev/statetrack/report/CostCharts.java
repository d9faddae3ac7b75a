package dev.statetrack.report;

import dev.statetrack.report.ReportDocument.Figure;
import dev.statetrack.train.InferenceCost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The two log-log charts of inference cost against context length: time per token and memory. */
public final class CostCharts {

    private CostCharts() {
    }

    /** Writes the charts as PNG files in {@code dir}; returns their paths. */
    public static List<Path> write(Path dir, List<InferenceCost> rows) {
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (Figure f : figures(rows)) {
                files.add(Files.write(dir.resolve(Path.of(f.fileName()).getFileName()), f.png()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write charts in " + dir + ": " + e.getMessage(), e);
        }
        return files;
    }

    /** One series per model, batch size and decoding mode; skipped points are left out. */
    static List<Figure> figures(List<InferenceCost> rows) {
        List<Figure> figures = new ArrayList<>();
        Charts.xyFigure("Inference: milliseconds per token", "context length (tokens)", "ms per token", true, true,
                series(rows, InferenceCost::msPerToken), "cost-ms-per-token.png",
                "Log-log. Time of the step that generates the token at that position, divided by the batch size "
                        + "(median of repeats). 'no cache': a full forward pass over the whole prefix.")
                .ifPresent(figures::add);
        Charts.xyFigure("Inference: memory held by the step", "context length (tokens)", "peak live tensors (MiB)",
                true, true, series(rows, r -> r.peakBytes() / (1024.0 * 1024)), "cost-memory.png",
                "Log-log. Largest sum of live tensors during the step: parameters, cache or state, and the step's "
                        + "activations.")
                .ifPresent(figures::add);
        return figures;
    }

    private static Map<String, TreeMap<Double, Double>> series(List<InferenceCost> rows,
                                                               Function<InferenceCost, Double> value) {
        Map<String, TreeMap<Double, Double>> series = new LinkedHashMap<>();
        for (InferenceCost r : rows) {
            if (r.measured()) {
                String name = r.model() + ", B=" + r.batch() + (r.cache() ? ", cache" : ", no cache");
                series.computeIfAbsent(name, k -> new TreeMap<>()).put((double) r.length(), value.apply(r));
            }
        }
        return series;
    }
}
