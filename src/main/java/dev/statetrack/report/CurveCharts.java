package dev.statetrack.report;

import dev.statetrack.report.ReportDocument.Figure;
import dev.statetrack.search.SearchStep;
import dev.statetrack.search.TrialOutcome;
import dev.statetrack.store.StoredSearch;
import dev.statetrack.train.CurvePoint;
import dev.statetrack.train.TrialResult;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A search's learning curves as small multiples: one panel per tried sample size N, holding the
 * validation loss of every configuration trained there against steps, log scale, with ε as a line.
 * Successes are solid blue, failures dashed orange; all panels share both axes so they compare at a
 * glance. Cancelled trials have no outcome and are left out.
 */
final class CurveCharts {

    static final Color SUCCESS = new Color(0, 114, 178);
    static final Color FAILURE = new Color(213, 94, 0);
    private static final int PANEL_WIDTH = 300;
    private static final int PANEL_HEIGHT = 220;
    private static final int COLUMNS = 4;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private CurveCharts() {
    }

    /** @return empty when no trial of the search has a stored curve (not run, or stored before curves) */
    static Optional<Figure> of(StoredSearch search, double epsilon, String fileName) {
        Map<Long, List<TrialResult>> bySize = new TreeMap<>();
        for (SearchStep step : search.trace()) {
            for (TrialOutcome t : step.trials()) {
                if (t.result() != null && !t.result().curve().isEmpty()) {
                    bySize.computeIfAbsent(step.trainSize(), n -> new ArrayList<>()).add(t.result());
                }
            }
        }
        if (bySize.isEmpty()) {
            return Optional.empty();
        }
        double low = Math.log10(epsilon);
        double high = low;
        int lastStep = 1;
        for (List<TrialResult> trials : bySize.values()) {
            for (TrialResult r : trials) {
                for (CurvePoint p : r.curve()) {
                    if (Double.isFinite(p.validationLoss()) && p.validationLoss() > 0) {
                        low = Math.min(low, Math.log10(p.validationLoss()));
                        high = Math.max(high, Math.log10(p.validationLoss()));
                    }
                    lastStep = Math.max(lastStep, p.step());
                }
            }
        }
        List<BufferedImage> panels = new ArrayList<>();
        for (var e : bySize.entrySet()) {
            double[] range = AxisScale.LOG.range(low, high);
            panels.add(BitmapEncoder.getBufferedImage(panel(e.getKey(), e.getValue(), epsilon, lastStep,
                    range[0], range[1])));
        }
        String caption = "Validation loss (mean per supervised token, log scale) against steps of every trial "
                + "trained at each tried N; solid blue: succeeded, dashed orange: failed (budget spent, NaN or "
                + "pruned); black: ε = " + ReportBuilder.number(epsilon) + ". Data: curves.csv.";
        return Optional.of(new Figure("Learning curves: " + search.label(), caption, fileName, grid(panels)));
    }

    private static XYChart panel(long trainSize, List<TrialResult> trials, double epsilon, int lastStep,
                                 double yMin, double yMax) {
        boolean anySuccess = trials.stream().anyMatch(TrialResult::success);
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
                .title("N = " + trainSize + (anySuccess ? " (success)" : " (failure)")).xAxisTitle("step")
                .yAxisTitle("val. loss").build();
        Charts.style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax((double) lastStep);
        chart.getStyler().setYAxisMin(yMin).setYAxisMax(yMax);
        chart.getStyler().setyAxisTickLabelsFormattingFunction(AxisScale.LOG::tickLabel);
        int index = 0;
        for (TrialResult r : trials) {
            List<CurvePoint> finite = r.curve().stream()
                    .filter(p -> Double.isFinite(p.validationLoss()) && p.validationLoss() > 0).toList();
            if (finite.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries("trial " + index++, finite.stream().mapToDouble(CurvePoint::step).toArray(),
                    finite.stream().mapToDouble(p -> Math.log10(p.validationLoss())).toArray());
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(r.success() ? SUCCESS : FAILURE);
            s.setLineStyle(r.success() ? SeriesLines.SOLID : SeriesLines.DASH_DASH);
        }
        XYSeries line = chart.addSeries("epsilon", new double[] {0, lastStep},
                new double[] {Math.log10(epsilon), Math.log10(epsilon)});
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(Color.BLACK);
        line.setLineStyle(SeriesLines.DOT_DOT);
        return chart;
    }

    private static byte[] grid(List<BufferedImage> panels) {
        int columns = Math.min(COLUMNS, panels.size());
        int rows = (panels.size() + columns - 1) / columns;
        BufferedImage image = new BufferedImage(columns * PANEL_WIDTH, rows * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int i = 0; i < panels.size(); i++) {
            g.drawImage(panels.get(i), (i % columns) * PANEL_WIDTH, (i / columns) * PANEL_HEIGHT, null);
        }
        g.dispose();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
