package dev.statetrack.report;

import dev.statetrack.analysis.IntervalEstimate;
import dev.statetrack.analysis.LengthGeneralisation;
import dev.statetrack.analysis.SharingFactor;
import dev.statetrack.analysis.SuccessRates;
import dev.statetrack.report.ReportDocument.Figure;
import dev.statetrack.search.SearchResult;
import dev.statetrack.study.Cell;
import dev.statetrack.study.ModelEntry;
import dev.statetrack.study.StudyPlan;
import dev.statetrack.study.StudyResults;
import dev.statetrack.task.Format;
import dev.statetrack.task.GroupCatalog;
import dev.statetrack.task.LengthDistribution;
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
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The report's charts as PNG. Measured values are filled markers; a bound (a cell not learnable within
 * budget, drawn at N_max; a κ that is only bounded) is an open circle with an arrow towards where the
 * true value lies. Unfinished searches are left out; the tables carry every cell.
 */
final class Charts {

    private static final int WIDTH = 760;
    private static final int HEIGHT = 420;

    /**
     * Sideways shift between neighbouring series, as a fraction of the plotted x range: a few pixels, so
     * that series meeting at one value (two models with the same N*, bounds at one N_max) all show, while
     * every point stays far closer to its own x tick than to the next.
     */
    private static final double DODGE = 0.01;

    static final String DODGE_NOTE = "Series that meet at one value are shifted sideways a little so that none "
            + "hides another. ";

    static final String BOUND_LEGEND = "Open circles with an arrow are bounds, not measurements: a cell not "
            + "learnable within budget is drawn at N_max with an arrow up (N* > N_max).";

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** A point of a series; {@code bound} is null for a measurement, else the marker of a bound. */
    record Point(double x, double y, BoundMarker bound, double lower, double upper) {

        Point(double x, double y, BoundMarker bound) {
            this(x, y, bound, Double.NaN, Double.NaN);
        }

        /** Whether the point carries an interval to draw: both ends finite and positive. */
        boolean hasInterval() {
            return Double.isFinite(lower) && Double.isFinite(upper) && lower > 0;
        }

        Point shifted(double dx) {
            return new Point(x + dx, y, bound, lower, upper);
        }
    }

    private Charts() {
    }

    /**
     * One chart per model and format: N* against group order. A line joins only groups of one family
     * (Z_m, S_m, ...: a trend across families would be read as one), one series per family, distribution
     * and L. Drawn only where at least two group orders have a result: one order is a table row.
     */
    static List<Figure> nStarByGroupOrder(StudyResults results) {
        StudyPlan plan = results.plan();
        List<Figure> figures = new ArrayList<>();
        for (ModelEntry model : plan.spec().models()) {
            for (Format format : plan.spec().formats()) {
                String suffix = model.name() + ", " + format.id();
                nStarChart(results, "N* against group order: " + suffix, "group order k",
                        s -> s.cell().model().equals(model) && s.cell().format() == format,
                        Charts::groupOrderSeries,
                        cell -> (double) plan.groupOrder(cell.group()),
                        "charts/nstar-order-" + model.name() + "-" + format.id() + ".png",
                        "N* on a log scale; a line joins groups of one family only. " + DODGE_NOTE + BOUND_LEGEND)
                        .ifPresent(figures::add);
            }
        }
        return figures;
    }

    /** The series a cell's point joins on the group-order chart: its group's family, distribution and L. */
    static String groupOrderSeries(Cell cell) {
        return GroupCatalog.family(cell.group()) + ", " + cell.distribution().id() + ", L=" + cell.maxLength();
    }

    /**
     * One chart per group and distribution: N* against the maximum length L, one series per model and
     * format, with the 95% interval of N*_any as a vertical bar where success rates were measured. Drawn
     * only where at least two lengths have a result.
     */
    static List<Figure> nStarByLength(StudyResults results) {
        StudyPlan plan = results.plan();
        List<Figure> figures = new ArrayList<>();
        for (String group : plan.spec().groups()) {
            for (LengthDistribution distribution : plan.spec().distributions()) {
                nStarChart(results, "N* against L: " + group + ", " + distribution.id(), "maximum length L",
                        s -> s.cell().group().equals(group) && s.cell().distribution() == distribution,
                        cell -> cell.model().name() + " / " + cell.format().id(),
                        cell -> (double) cell.maxLength(),
                        "charts/nstar-length-" + group.replaceAll("[^A-Za-z0-9]+", "-") + "-" + distribution.id()
                                + ".png",
                        "N* on a log scale; bars are 95% intervals of N*_any where success rates were measured. "
                                + DODGE_NOTE + BOUND_LEGEND).ifPresent(figures::add);
            }
        }
        return figures;
    }

    private static Optional<Figure> nStarChart(StudyResults results, String title, String xTitle,
                                               Predicate<StudyPlan.PlannedSearch> included,
                                               Function<Cell, String> seriesOf, Function<Cell, Double> xOf,
                                               String fileName, String caption) {
        Map<String, List<Point>> series = nStarSeries(results, included, seriesOf, xOf);
        long distinctX = series.values().stream().flatMap(List::stream).mapToDouble(Point::x).distinct().count();
        if (distinctX < 2) {
            return Optional.empty();
        }
        XYChart chart = xyChart(title, xTitle, "N*", AxisScale.INTEGER, AxisScale.LOG,
                dodged(series), null, null);
        return Optional.of(new Figure(chart.getTitle(), caption, fileName, png(chart)));
    }

    /** The finished searches {@code included} picks, as points of the series {@code seriesOf} names. */
    static Map<String, List<Point>> nStarSeries(StudyResults results, Predicate<StudyPlan.PlannedSearch> included,
                                                Function<Cell, String> seriesOf, Function<Cell, Double> xOf) {
        Map<String, List<Point>> series = new LinkedHashMap<>();
        for (StudyPlan.PlannedSearch s : results.plan().gridSearches()) {
            if (included.test(s)) {
                results.result(s).ifPresent(r -> series.computeIfAbsent(seriesOf.apply(s.cell()), k -> new ArrayList<>())
                        .add(nStarPoint(xOf.apply(s.cell()), r, results.successRates(s))));
            }
        }
        return series;
    }

    /**
     * The series of an integer x axis shifted sideways by {@link #DODGE} of the plotted range per series,
     * centred on the true x, each series as a whole (its line, intervals and bounds move together).
     */
    static Map<String, List<Point>> dodged(Map<String, List<Point>> series) {
        double[] range = range(series.values().stream().flatMap(List::stream).mapToDouble(Point::x).toArray(),
                AxisScale.INTEGER);
        double step = DODGE * (range[1] - range[0]);
        double middle = (series.size() - 1) / 2.0;
        Map<String, List<Point>> shifted = new LinkedHashMap<>();
        int index = 0;
        for (var e : series.entrySet()) {
            double dx = (index++ - middle) * step;
            shifted.put(e.getKey(), e.getValue().stream().map(p -> p.shifted(dx)).toList());
        }
        return shifted;
    }

    private static Point nStarPoint(double x, SearchResult r, Optional<SuccessRates> rates) {
        if (!r.learnable()) {
            return new Point(x, r.nMax(), BoundMarker.ABOVE);
        }
        IntervalEstimate any = rates.map(SuccessRates::anyOfGrid).orElse(IntervalEstimate.UNDEFINED);
        return new Point(x, r.nStar(), null, any.lower(), any.upper());
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
                    "normalised accuracy", AxisScale.INTEGER, AxisScale.LINEAR, e.getValue(), Math.min(0.0, lowest),
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
        double[] yRange = range(all.stream().flatMap(p -> p.hasInterval() ? Stream.of(p.y(), p.lower(), p.upper())
                : Stream.of(p.y())).mapToDouble(yScale::plotted).toArray(), yScale);
        double yLow = yMin != null ? yMin : yRange[0];
        double yHigh = yMax != null ? yMax : yRange[1];
        chart.getStyler().setYAxisMin(yLow).setYAxisMax(yHigh);
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
            int bar = 0;
            for (Point p : measured) {
                if (p.hasInterval()) {
                    XYSeries s = chart.addSeries(e.getKey() + " interval " + bar++,
                            new double[] {xScale.plotted(p.x()), xScale.plotted(p.x())},
                            new double[] {yScale.plotted(p.lower()), yScale.plotted(p.upper())});
                    s.setMarker(SeriesMarkers.NONE);
                    s.setLineColor(colour);
                    s.setShowInLegend(false);
                }
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
        spaceTicks(chart, xScale, yScale);
        return chart;
    }

    /**
     * Sets the tick spacing from the plot's size in pixels, which only a layout knows: the chart is laid
     * out once with the default spacing, measured, and then spaced for its scales.
     */
    private static void spaceTicks(XYChart chart, AxisScale xScale, AxisScale yScale) {
        if (xScale == AxisScale.LINEAR && yScale == AxisScale.LINEAR) {
            return;
        }
        BitmapEncoder.getBufferedImage(chart);
        double xPixels = chart.getScreenXFromChart(1) - chart.getScreenXFromChart(0);
        double yPixels = chart.getScreenYFromChart(0) - chart.getScreenYFromChart(1);
        chart.getStyler().setXAxisTickMarkSpacingHint(xScale.tickSpacingHint(xPixels));
        chart.getStyler().setYAxisTickMarkSpacingHint(yScale.tickSpacingHint(yPixels));
    }

    private static double[] plotted(List<Point> points, Function<Point, Double> coordinate, AxisScale scale) {
        return points.stream().mapToDouble(p -> scale.plotted(coordinate.apply(p))).toArray();
    }

    /** Plotted range around the data (see {@link AxisScale#range}); no data gets 0..1. */
    private static double[] range(double[] plotted, AxisScale scale) {
        double min = Arrays.stream(plotted).min().orElse(0);
        double max = Arrays.stream(plotted).max().orElse(1);
        return scale.range(min, max);
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
