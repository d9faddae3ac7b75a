package dev.statetrack.report;

import dev.statetrack.report.ReportDocument.Figure;
import dev.statetrack.store.AtomicFile;
import dev.statetrack.train.InferenceCost;
import org.knowm.xchart.XYChart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The two log-log charts of inference cost against context length: time per token and memory. */
public final class CostCharts {

    private CostCharts() {
    }

    /** Writes the charts as PNG files in {@code dir}; returns their paths. */
    public static List<Path> write(Path dir, List<InferenceCost> rows) {
        List<Path> files = new ArrayList<>();
        try {
            for (Figure f : figures(rows)) {
                files.add(AtomicFile.write(dir.resolve(Path.of(f.fileName()).getFileName()), f.png()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write charts in " + dir + ": " + e.getMessage(), e);
        }
        return files;
    }

    /** One series per model, batch size and decoding mode; skipped points are left out. */
    static List<Figure> figures(List<InferenceCost> rows) {
        List<Figure> figures = new ArrayList<>();
        figure("Inference: milliseconds per token", "ms per token", series(rows, InferenceCost::msPerToken),
                "cost-ms-per-token.png", "Log-log. Time of the step that generates the token at that position, "
                        + "divided by the batch size (median of repeats). 'no cache': a full forward pass over the "
                        + "whole prefix.").ifPresent(figures::add);
        figure("Inference: memory held by the step", "peak live tensors (MiB)",
                series(rows, r -> r.peakBytes() / (1024.0 * 1024)), "cost-memory.png", "Log-log. Largest sum of "
                        + "live tensors during the step: parameters, cache or state, and the step's activations.")
                .ifPresent(figures::add);
        return figures;
    }

    private static Optional<Figure> figure(String title, String yTitle, Map<String, List<Charts.Point>> series,
                                           String fileName, String caption) {
        if (series.isEmpty()) {
            return Optional.empty();
        }
        XYChart chart = Charts.xyChart(title, "context length (tokens)", yTitle, AxisScale.LOG, AxisScale.LOG,
                series, null, null);
        return Optional.of(new Figure(title, caption, "charts/" + fileName, Charts.png(chart)));
    }

    private static Map<String, List<Charts.Point>> series(List<InferenceCost> rows,
                                                          Function<InferenceCost, Double> value) {
        Map<String, List<Charts.Point>> series = new LinkedHashMap<>();
        for (InferenceCost r : rows) {
            if (r.measured()) {
                String name = r.model() + ", B=" + r.batch() + (r.cache() ? ", cache" : ", no cache");
                series.computeIfAbsent(name, k -> new ArrayList<>())
                        .add(new Charts.Point(r.length(), value.apply(r), null));
            }
        }
        return series;
    }
}
