package dev.statetrack.report;

import dev.statetrack.report.ReportDocument.Figure;
import dev.statetrack.search.SearchResult;
import dev.statetrack.study.Cell;
import dev.statetrack.study.LengthGeneralisation;
import dev.statetrack.study.ModelEntry;
import dev.statetrack.study.SharingFactor;
import dev.statetrack.study.StudyPlan;
import dev.statetrack.study.StudyResults;
import dev.statetrack.task.Format;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The report's charts as PNG. Only finished, learnt N* are plotted (a bound is not a point); the
 * captions say so and the tables carry the bounds.
 */
final class Charts {

    private static final int WIDTH = 760;
    private static final int HEIGHT = 420;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** One chart per model and format: N* against group order, one series per distribution and L. */
    static List<Figure> nStarByGroupOrder(StudyResults results) {
        StudyPlan plan = results.plan();
        return nStarCharts(results, "N* against group order", "group order k", true, "nstar-order",
                "Log-log. Cells not learnable within budget or unfinished are left out; see the table.",
                cell -> cell.distribution().id() + ", L=" + cell.maxLength(),
                cell -> (double) plan.groupOrder(cell.group()));
    }

    /** One chart per model and format: N* against L, one series per group and distribution. */
    static List<Figure> nStarByLength(StudyResults results) {
        return nStarCharts(results, "N* against L", "maximum length L", false, "nstar-length",
                "N* on a log scale. Cells not learnable within budget or unfinished are left out.",
                cell -> cell.group() + ", " + cell.distribution().id(), cell -> (double) cell.maxLength());
    }

    private static List<Figure> nStarCharts(StudyResults results, String title, String xTitle, boolean logX,
                                            String fileStem, String caption, Function<Cell, String> seriesOf,
                                            Function<Cell, Double> xOf) {
        List<Figure> figures = new ArrayList<>();
        StudyPlan plan = results.plan();
        for (ModelEntry model : plan.spec().models()) {
            for (Format format : plan.spec().formats()) {
                Map<String, TreeMap<Double, Double>> series = new LinkedHashMap<>();
                for (StudyPlan.PlannedSearch s : plan.gridSearches()) {
                    if (s.cell().model().equals(model) && s.cell().format() == format) {
                        learnt(results, s).ifPresent(n -> series
                                .computeIfAbsent(seriesOf.apply(s.cell()), k -> new TreeMap<>())
                                .put(xOf.apply(s.cell()), (double) n));
                    }
                }
                String suffix = model.name() + ", " + format.id();
                xyFigure(title + ": " + suffix, xTitle, "N*", logX, true, series,
                        fileStem + "-" + model.name() + "-" + format.id() + ".png", caption)
                        .ifPresent(figures::add);
            }
        }
        return figures;
    }

    /** κ per model and format, one bar series per (group, L); bounds and undefined values are left out. */
    static Optional<Figure> kappa(StudyResults results) {
        Map<String, Map<String, Double>> series = new LinkedHashMap<>();
        List<String> categories = new ArrayList<>();
        for (StudyPlan.KappaTarget t : results.plan().kappaTargets()) {
            String category = t.model().name() + " / " + t.format().id();
            if (!categories.contains(category)) {
                categories.add(category);
            }
            SharingFactor kappa = results.kappa(t);
            if (kappa.kind() == SharingFactor.Kind.EXACT) {
                series.computeIfAbsent(t.group() + ", L=" + t.maxLength(), k -> new LinkedHashMap<>())
                        .put(category, kappa.value());
            }
        }
        if (series.isEmpty()) {
            return Optional.empty();
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Sharing factor κ per model and format").xAxisTitle("model / format").yAxisTitle("κ").build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLabelRotation(20);
        for (var e : series.entrySet()) {
            List<Double> values = new ArrayList<>();
            for (String c : categories) {
                values.add(e.getValue().get(c));
            }
            chart.addSeries(e.getKey(), categories, values);
        }
        return Optional.of(new Figure("Sharing factor κ", "κ > 1: data at one length helps the others; κ ≈ 1: "
                + "lengths learnt in isolation; κ < 1: interference. Only exact values are drawn; bounds and "
                + "undefined values are in the table.", "charts/kappa.png", png(chart)));
    }

    /** Per (group, L): normalised accuracy at every probed length, one series per model and format. */
    static List<Figure> lengthGeneralisation(StudyResults results) {
        Map<String, Map<String, TreeMap<Double, Double>>> charts = new LinkedHashMap<>();
        for (StudyPlan.GeneralisationProbe probe : results.plan().probes()) {
            Optional<LengthGeneralisation> lg = results.generalisation(probe);
            if (lg.isEmpty() || lg.get().normalisedByLength().isEmpty()) {
                continue;
            }
            TreeMap<Double, Double> points = new TreeMap<>();
            lg.get().normalisedByLength().forEach((n, acc) -> points.put((double) n, acc));
            charts.computeIfAbsent(probe.group() + ", trained on L=" + probe.maxLength(), k -> new LinkedHashMap<>())
                    .put(probe.model().name() + " / " + probe.format().id(), points);
        }
        List<Figure> figures = new ArrayList<>();
        for (var e : charts.entrySet()) {
            String fileName = "generalisation-" + e.getKey().replaceAll("[^A-Za-z0-9]+", "-") + ".png";
            xyFigure("Length generalisation: " + e.getKey(), "sequence length n", "normalised accuracy",
                    false, false, e.getValue(), fileName, "Accuracy normalised so chance is 0 and perfect is 1, for "
                            + "the configuration with the best validation loss; lengths beyond L were never trained.")
                    .ifPresent(figures::add);
        }
        return figures;
    }

    private static Optional<Long> learnt(StudyResults results, StudyPlan.PlannedSearch s) {
        return results.result(s).filter(SearchResult::learnable).map(SearchResult::nStar);
    }

    static Optional<Figure> xyFigure(String title, String xTitle, String yTitle, boolean logX, boolean logY,
                                             Map<String, TreeMap<Double, Double>> series, String fileName,
                                             String caption) {
        if (series.isEmpty()) {
            return Optional.empty();
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        // Group orders and N* span one or two decades here: label 2, 3, ... 9 × 10^k, not decades alone.
        chart.getStyler().setXAxisLogarithmicDecadeOnly(false);
        chart.getStyler().setYAxisLogarithmicDecadeOnly(false);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(Charts::tickLabel);
        chart.getStyler().setyAxisTickLabelsFormattingFunction(Charts::tickLabel);
        if (!logY) {
            chart.getStyler().setYAxisMin(Math.min(0.0, series.values().stream()
                    .flatMap(m -> m.values().stream()).mapToDouble(Double::doubleValue).min().orElse(0)));
            chart.getStyler().setYAxisMax(1.05);
        }
        for (var e : series.entrySet()) {
            double[] x = e.getValue().keySet().stream().mapToDouble(Double::doubleValue).toArray();
            double[] y = e.getValue().values().stream().mapToDouble(Double::doubleValue).toArray();
            chart.addSeries(e.getKey(), x, y);
        }
        return Optional.of(new Figure(title, caption, "charts/" + fileName, png(chart)));
    }

    private static String tickLabel(Double value) {
        double v = value;
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2g", v);
    }

    static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartTitleBoxVisible(false);
        if (styler instanceof org.knowm.xchart.style.AxesChartStyler axes) {
            axes.setPlotGridLinesColor(new Color(225, 225, 225));
        }
    }

    static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
