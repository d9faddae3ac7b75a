package dev.statetrack.report;

import dev.statetrack.analysis.LengthGeneralisation;
import dev.statetrack.analysis.SharingFactor;
import dev.statetrack.report.ReportDocument.Figure;
import dev.statetrack.search.SearchResult;
import dev.statetrack.study.Cell;
import dev.statetrack.study.ModelEntry;
import dev.statetrack.study.StudyPlan;
import dev.statetrack.study.StudyResults;
import dev.statetrack.task.Format;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The report's charts as PNG. Measured values are filled markers; a bound (a cell not learnable within
 * budget, drawn at N_max; a κ that is only bounded) is an open circle with an arrow towards where the
 * true value lies. Unfinished searches are left out; the tables carry every cell.
 */
final class Charts {

    private static final int WIDTH = 760;
    private static final int HEIGHT = 420;
    /** Room around the data on a logarithmic axis, in decades, so arrows and edge points stay visible. */
    private static final double LOG_PADDING = 0.2;

    static final String BOUND_LEGEND = "Open circles with an arrow are bounds, not measurements: a cell not "
            + "learnable within budget is drawn at N_max with an arrow up (N* > N_max).";

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** A point of a series; {@code bound} is null for a measurement, else the marker of a bound. */
    record Point(double x, double y, BoundMarker bound) {
    }

    private Charts() {
    }

    /** One chart per model and format: N* against group order, one series per distribution and L. */
    static List<Figure> nStarByGroupOrder(StudyResults results) {
        StudyPlan plan = results.plan();
        return nStarCharts(results, "N* against group order", "group order k", AxisScale.LOG, "nstar-order",
                "Log-log. " + BOUND_LEGEND, cell -> cell.distribution().id() + ", L=" + cell.maxLength(),
                cell -> (double) plan.groupOrder(cell.group()));
    }

    /** One chart per model and format: N* against L, one series per group and distribution. */
    static List<Figure> nStarByLength(StudyResults results) {
        return nStarCharts(results, "N* against L", "maximum length L", AxisScale.LINEAR, "nstar-length",
                "N* on a log scale. " + BOUND_LEGEND, cell -> cell.group() + ", " + cell.distribution().id(),
                cell -> (double) cell.maxLength());
    }

    private static List<Figure> nStarCharts(StudyResults results, String title, String xTitle, AxisScale xScale,
                                            String fileStem, String caption, Function<Cell, String> seriesOf,
                                            Function<Cell, Double> xOf) {
        List<Figure> figures = new ArrayList<>();
        StudyPlan plan = results.plan();
        for (ModelEntry model : plan.spec().models()) {
            for (Format format : plan.spec().formats()) {
                Map<String, List<Point>> series = new LinkedHashMap<>();
                for (StudyPlan.PlannedSearch s : plan.gridSearches()) {
                    if (s.cell().model().equals(model) && s.cell().format() == format) {
                        results.result(s).ifPresent(r -> series
                                .computeIfAbsent(seriesOf.apply(s.cell()), k -> new ArrayList<>())
                                .add(nStarPoint(xOf.apply(s.cell()), r)));
                    }
                }
                if (!series.isEmpty()) {
                    String suffix = model.name() + ", " + format.id();
                    XYChart chart = xyChart(title + ": " + suffix, xTitle, "N*", xScale, AxisScale.LOG, series,
                            null, null);
                    figures.add(new Figure(chart.getTitle(), caption,
                            "charts/" + fileStem + "-" + model.name() + "-" + format.id() + ".png", png(chart)));
                }
            }
        }
        return figures;
    }

    private static Point nStarPoint(double x, SearchResult r) {
        return r.learnable() ? new Point(x, r.nStar(), null) : new Point(x, r.nMax(), BoundMarker.ABOVE);
    }

    /** κ per model and format, one series per (group, L); bounds drawn as bounds, undefined values left out. */
    static Optional<Figure> kappa(StudyResults results) {
        List<String> categories = new ArrayList<>();
        Map<String, Map<String, SharingFactor>> byScope = new LinkedHashMap<>();
        for (StudyPlan.KappaTarget t : results.plan().kappaTargets()) {
            String category = t.model().name() + " / " + t.format().id();
            if (!categories.contains(category)) {
                categories.add(category);
            }
            SharingFactor kappa = results.kappa(t);
            if (kappa.kind() != SharingFactor.Kind.UNDEFINED) {
                byScope.computeIfAbsent(t.group() + ", L=" + t.maxLength(), k -> new LinkedHashMap<>())
                        .put(category, kappa);
            }
        }
        if (byScope.isEmpty()) {
            return Optional.empty();
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Sharing factor κ per model and format").xAxisTitle("model / format").yAxisTitle("κ").build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        chart.getStyler().setXAxisLabelRotation(20);
        // Series share each category's centre: side by side they would sit off their category's label.
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.2 * byScope.values().stream().flatMap(m -> m.values().stream())
                .mapToDouble(SharingFactor::value).max().orElse(1));
        Color[] palette = chart.getStyler().getSeriesColors();
        int index = 0;
        for (var scope : byScope.entrySet()) {
            Color colour = palette[index++ % palette.length];
            for (SharingFactor.Kind kind : SharingFactor.Kind.values()) {
                List<Double> values = new ArrayList<>();
                for (String c : categories) {
                    SharingFactor k = scope.getValue().get(c);
                    values.add(k != null && k.kind() == kind ? k.value() : null);
                }
                if (values.stream().anyMatch(v -> v != null)) {
                    String name = scope.getKey() + switch (kind) {
                        case EXACT -> "";
                        case RANGE -> " (a term not bracketed: range in the table)";
                        case LOWER_BOUND -> " (κ >)";
                        case UPPER_BOUND -> " (κ <)";
                        case UNDEFINED -> throw new IllegalStateException("undefined κ is not drawn");
                    };
                    CategorySeries series = chart.addSeries(name, categories, values);
                    series.setMarker(switch (kind) {
                        case EXACT -> SeriesMarkers.CIRCLE;
                        case RANGE -> SeriesMarkers.DIAMOND;
                        case LOWER_BOUND -> BoundMarker.ABOVE;
                        default -> BoundMarker.BELOW;
                    });
                    series.setMarkerColor(colour);
                }
            }
        }
        return Optional.of(new Figure("Sharing factor κ", "κ > 1: data at one length helps the others; κ ≈ 1: "
                + "lengths learnt in isolation; κ < 1: interference. Filled circles are exact; diamonds are point "
                + "values with a term whose search did not bracket it within the tolerance; an open circle with "
                + "an arrow up is a lower bound (κ > value), with an arrow down an upper bound (κ < value). "
                + "Undefined values are only in the table.", "charts/kappa.png", png(chart)));
    }

    /** Per (group, L): normalised accuracy at every probed length, one series per model and format. */
    static List<Figure> lengthGeneralisation(StudyResults results) {
        Map<String, Map<String, List<Point>>> charts = new LinkedHashMap<>();
        for (StudyPlan.GeneralisationProbe probe : results.plan().probes()) {
            Optional<LengthGeneralisation> lg = results.generalisation(probe);
            if (lg.isEmpty() || lg.get().normalisedByLength().isEmpty()) {
                continue;
            }
            List<Point> points = new ArrayList<>();
            lg.get().normalisedByLength().forEach((n, acc) -> points.add(new Point(n, acc, null)));
            charts.computeIfAbsent(probe.group() + ", trained on L=" + probe.maxLength(), k -> new LinkedHashMap<>())
                    .put(probe.model().name() + " / " + probe.format().id(), points);
        }
        List<Figure> figures = new ArrayList<>();
        for (var e : charts.entrySet()) {
            String fileName = "generalisation-" + e.getKey().replaceAll("[^A-Za-z0-9]+", "-") + ".png";
            double lowest = e.getValue().values().stream().flatMap(List::stream).mapToDouble(Point::y).min().orElse(0);
            XYChart chart = xyChart("Length generalisation: " + e.getKey(), "sequence length n",
                    "normalised accuracy", AxisScale.LINEAR, AxisScale.LINEAR, e.getValue(), Math.min(0.0, lowest),
                    1.05);
            figures.add(new Figure(chart.getTitle(), "Accuracy normalised so chance is 0 and perfect is 1, for the "
                    + "configuration with the best validation loss; lengths beyond L were never trained.",
                    "charts/" + fileName, png(chart)));
        }
        return figures;
    }

    /**
     * An XY chart whose axes are right by construction: every value goes through its axis's
     * {@link AxisScale} before XChart sees it, and tick labels are the same scale's inverse.
     *
     * @param yMin null: from the data
     */
    static XYChart xyChart(String title, String xTitle, String yTitle, AxisScale xScale, AxisScale yScale,
                           Map<String, List<Point>> series, Double yMin, Double yMax) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle + (yScale == AxisScale.LOG ? " (log scale)" : "")).build();
        style(chart.getStyler());
        chart.getStyler().setxAxisTickLabelsFormattingFunction(xScale::tickLabel);
        chart.getStyler().setyAxisTickLabelsFormattingFunction(yScale::tickLabel);
        List<Point> all = series.values().stream().flatMap(List::stream).toList();
        double[] xRange = range(all.stream().mapToDouble(p -> xScale.plotted(p.x())).toArray(), xScale);
        chart.getStyler().setXAxisMin(xRange[0]).setXAxisMax(xRange[1]);
        double[] yRange = range(all.stream().mapToDouble(p -> yScale.plotted(p.y())).toArray(), yScale);
        chart.getStyler().setYAxisMin(yMin != null ? yMin : yRange[0]);
        chart.getStyler().setYAxisMax(yMax != null ? yMax : yRange[1]);
        Color[] palette = chart.getStyler().getSeriesColors();
        int index = 0;
        for (var e : series.entrySet()) {
            Color colour = palette[index++ % palette.length];
            List<Point> measured = e.getValue().stream().filter(p -> p.bound() == null).toList();
            List<Point> bounds = e.getValue().stream().filter(p -> p.bound() != null).toList();
            if (!measured.isEmpty()) {
                XYSeries s = chart.addSeries(e.getKey(), plotted(measured, Point::x, xScale),
                        plotted(measured, Point::y, yScale));
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setMarkerColor(colour);
                s.setLineColor(colour);
            }
            for (BoundMarker marker : List.of(BoundMarker.ABOVE, BoundMarker.BELOW)) {
                List<Point> these = bounds.stream().filter(p -> p.bound() == marker).toList();
                if (!these.isEmpty()) {
                    XYSeries s = chart.addSeries(e.getKey() + (marker == BoundMarker.ABOVE ? " (>)" : " (<)"),
                            plotted(these, Point::x, xScale), plotted(these, Point::y, yScale));
                    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                    s.setMarker(marker);
                    s.setMarkerColor(colour);
                    s.setLineStyle(SeriesLines.NONE);
                    s.setShowInLegend(measured.isEmpty());
                }
            }
        }
        return chart;
    }

    private static double[] plotted(List<Point> points, Function<Point, Double> coordinate, AxisScale scale) {
        return points.stream().mapToDouble(p -> scale.plotted(coordinate.apply(p))).toArray();
    }

    /** Plotted range with room around the data; a single value gets a range around it. */
    private static double[] range(double[] plotted, AxisScale scale) {
        double min = Arrays.stream(plotted).min().orElse(0);
        double max = Arrays.stream(plotted).max().orElse(1);
        double pad = scale == AxisScale.LOG ? LOG_PADDING : Math.max(0.5, 0.05 * (max - min));
        return new double[]{min - pad, max + pad};
    }

    static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartTitleBoxVisible(false);
        if (styler instanceof AxesChartStyler axes) {
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
