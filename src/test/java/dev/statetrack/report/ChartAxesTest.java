package dev.statetrack.report;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Axis;
import org.knowm.xchart.internal.chartpart.AxisTickCalculator;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.lines.SeriesLines;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads a rendered chart as a reader would: each point's pixel must lie where the tick labels say its
 * value is. Gridlines and every point get a colour of their own, found by scanning pixels; the tick
 * labels and their offsets come from the chart's own layout.
 */
class ChartAxesTest {

    private static final Color GRID = new Color(0, 0, 255);
    private static final int TOLERANCE_PIXELS = 3;

    /** Values spanning three decades, not only at decades, as N* and group orders do. */
    private static final double[][] POINTS = {{2, 7}, {3, 41}, {6, 190}, {20, 874}, {120, 2300}};

    @Test
    void logLogPointsSitWhereTheirLabelsSay() throws Exception {
        assertPointsReadRight(AxisScale.LOG, AxisScale.LOG);
    }

    @Test
    void linearXWithLogYPointsSitWhereTheirLabelsSay() throws Exception {
        assertPointsReadRight(AxisScale.LINEAR, AxisScale.LOG);
    }

    @Test
    void linearPointsSitWhereTheirLabelsSay() throws Exception {
        assertPointsReadRight(AxisScale.LINEAR, AxisScale.LINEAR);
    }

    @Test
    void integerXWithLogYPointsSitWhereTheirLabelsSay() throws Exception {
        assertPointsReadRight(AxisScale.INTEGER, AxisScale.LOG);
    }

    @Test
    void logLabelsNameDecadesOnlyAndIntegerLabelsWholeNumbersOnly() {
        assertEquals("100", AxisScale.LOG.tickLabel(2.0));
        assertEquals("0.01", AxisScale.LOG.tickLabel(-2.0));
        assertEquals("", AxisScale.LOG.tickLabel(1.5), "10^1.5 = 31.6 is no value a reader writes");
        assertEquals("1.5", AxisScale.LINEAR.tickLabel(1.5));
        assertEquals("", AxisScale.INTEGER.tickLabel(5.5));
        assertEquals("6", AxisScale.INTEGER.tickLabel(6.0));
    }

    /** The chart the issue saw: orders 5 and 6 were labelled 3.16, 3.98, 5.01, 6.31. */
    @Test
    void twoGroupOrdersAreLabelledByTheirOrdersAndNStarByDecades() throws Exception {
        Map<String, List<Charts.Point>> series = new LinkedHashMap<>();
        series.put("Z", List.of(new Charts.Point(5, 41, null)));
        series.put("S", List.of(new Charts.Point(6, 190, null)));
        XYChart chart = Charts.xyChart("t", "group order k", "N*", AxisScale.INTEGER, AxisScale.LOG, series,
                null, null);
        assertEquals(List.of("4", "5", "6", "7"), drawnLabels(chart, "getXAxis"));
        assertEquals(List.of("10", "100", "1000"), drawnLabels(chart, "getYAxis"));
    }

    @Test
    void aLogAxisWithinOneDecadeStillShowsTheDecadesAroundIt() throws Exception {
        Map<String, List<Charts.Point>> series = Map.of("a", List.of(new Charts.Point(3, 1.80, null),
                new Charts.Point(4, 1.84, null)));
        XYChart chart = Charts.xyChart("t", "L", "loss", AxisScale.INTEGER, AxisScale.LOG, series, null, null);
        assertEquals(List.of("1", "10"), drawnLabels(chart, "getYAxis"));
        assertEquals(List.of("2", "3", "4", "5"), drawnLabels(chart, "getXAxis"));
    }

    /**
     * The quick run's chart of N* against L hid the transformer's Z5 outcome point (261 at L = 4) under the
     * dense SSM's, the same value: series meeting at one value must all show, each still read at its tick.
     */
    @Test
    void seriesMeetingAtOneValueAllShowAndStayAtTheirTick() throws Exception {
        int n = 9;
        Map<String, List<Charts.Point>> series = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            series.put("p" + i, List.of(new Charts.Point(4, 261, null)));
        }
        XYChart chart = Charts.xyChart("test", "L", "N*", AxisScale.INTEGER, AxisScale.LOG, Charts.dodged(series),
                null, null);
        chart.getStyler().setPlotGridLinesColor(GRID);
        chart.getStyler().setPlotGridLinesStroke(new BasicStroke(1f));
        chart.getStyler().setAntiAlias(false);
        chart.getStyler().setLegendVisible(false);
        for (int i = 0; i < n; i++) {
            chart.getSeriesMap().get("p" + i).setMarkerColor(pointColour(i));
        }
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        List<Integer> gridRows = new ArrayList<>();
        List<Integer> gridColumns = new ArrayList<>();
        findGridlines(image, gridRows, gridColumns);
        Ticks xTicks = ticks(chart, "getXAxis", gridColumns, +1);
        double tick = xTicks.pixelOf(4, AxisScale.INTEGER);
        double unit = xTicks.pixelOf(5, AxisScale.INTEGER) - tick;
        double previous = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double x = centroid(image, pointColour(i))[0];
            assertTrue(x >= previous + 2, "series " + i + " at pixel " + x + " hides behind the one before, at " + previous);
            assertTrue(Math.abs(x - tick) <= 0.15 * unit, "series " + i + " at pixel " + x + " strays from its tick at "
                    + tick + " (" + unit + " pixels per L)");
            previous = x;
        }
        assertEquals(4.0, Charts.dodged(series).get("p4").get(0).x(), 1e-12, "the middle series stays on its value");
    }

    private static void assertPointsReadRight(AxisScale xScale, AxisScale yScale) throws Exception {
        Map<String, List<Charts.Point>> series = new LinkedHashMap<>();
        for (int i = 0; i < POINTS.length; i++) {
            series.put("p" + i, List.of(new Charts.Point(POINTS[i][0], POINTS[i][1], null)));
        }
        XYChart chart = Charts.xyChart("test", "x", "y", xScale, yScale, series, null, null);
        chart.getStyler().setPlotGridLinesColor(GRID);
        chart.getStyler().setPlotGridLinesStroke(new BasicStroke(1f));
        chart.getStyler().setAntiAlias(false);
        chart.getStyler().setLegendVisible(false); // its markers share the points' colours
        for (int i = 0; i < POINTS.length; i++) {
            XYSeries s = chart.getSeriesMap().get("p" + i);
            s.setMarkerColor(pointColour(i));
            s.setLineStyle(SeriesLines.NONE);
        }
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);

        List<Integer> gridRows = new ArrayList<>();
        List<Integer> gridColumns = new ArrayList<>();
        findGridlines(image, gridRows, gridColumns);
        Ticks xTicks = ticks(chart, "getXAxis", gridColumns, +1);
        Ticks yTicks = ticks(chart, "getYAxis", gridRows, -1);

        for (int i = 0; i < POINTS.length; i++) {
            double[] centre = centroid(image, pointColour(i));
            double expectedX = xTicks.pixelOf(POINTS[i][0], xScale);
            double expectedY = yTicks.pixelOf(POINTS[i][1], yScale);
            String what = xScale + "/" + yScale + " point " + POINTS[i][0] + ", " + POINTS[i][1] + " drawn at ("
                    + centre[0] + ", " + centre[1] + "), labels say (" + expectedX + ", " + expectedY + ")";
            assertTrue(Math.abs(centre[0] - expectedX) <= TOLERANCE_PIXELS, what);
            assertTrue(Math.abs(centre[1] - expectedY) <= TOLERANCE_PIXELS, what);
        }
    }

    private static Color pointColour(int i) {
        return new Color(160 + 10 * i, 10 * i, 0);
    }

    /** Tick labels with the pixel each sits at. */
    private record Ticks(List<Double> pixels, List<Double> values) {

        /** Interpolates between the two labelled ticks around the value, on the scale the axis claims. */
        double pixelOf(double value, AxisScale scale) {
            int hi = 1;
            while (hi < values.size() - 1 && values.get(hi) < value) {
                hi++;
            }
            double a = scale.plotted(values.get(hi - 1));
            double b = scale.plotted(values.get(hi));
            double t = (scale.plotted(value) - a) / (b - a);
            return pixels.get(hi - 1) + t * (pixels.get(hi) - pixels.get(hi - 1));
        }
    }

    /**
     * The chart's tick labels, each at the pixel of its gridline. XChart computes ticks beyond the plot
     * too and draws gridlines only for those inside it, in order along the axis.
     *
     * @param gridlines pixels of the drawn gridlines, ascending
     * @param sign      +1 where pixels grow along the axis (x), -1 where they shrink (y)
     */
    private static Ticks ticks(XYChart chart, String axisGetter, List<Integer> gridlines, int sign) throws Exception {
        Method getter = Chart.class.getDeclaredMethod(axisGetter);
        getter.setAccessible(true);
        Axis<?, ?> axis = (Axis<?, ?>) getter.invoke(chart);
        double length = sign > 0 ? axis.getBounds().getWidth() : axis.getBounds().getHeight();
        AxisTickCalculator calculator = axis.getAxisTickCalculator();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < calculator.getTickLocations().size(); i++) {
            double location = calculator.getTickLocations().get(i);
            if (location > 0 && location < length) {
                labels.add(calculator.getTickLabels().get(i));
            }
        }
        List<Integer> ordered = new ArrayList<>(gridlines);
        if (sign < 0) {
            java.util.Collections.reverse(ordered);
        }
        assertEquals(labels.size(), ordered.size(), axisGetter + ": one gridline per tick inside the plot, ticks "
                + calculator.getTickLabels() + " at " + calculator.getTickLocations() + ", gridlines " + gridlines);
        List<Double> values = new ArrayList<>();
        List<Double> pixels = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            if (!labels.get(i).isEmpty()) { // gridlines between decades or whole numbers carry no label
                values.add(Double.parseDouble(labels.get(i)));
                pixels.add((double) ordered.get(i));
            }
        }
        assertTrue(values.size() >= 2, axisGetter + ": at least two labelled gridlines, got " + labels);
        return new Ticks(pixels, values);
    }

    /** The labels XChart draws along one axis, its ends included, blank ones left out. */
    private static List<String> drawnLabels(XYChart chart, String axisGetter) throws Exception {
        BitmapEncoder.getBufferedImage(chart);
        Method getter = Chart.class.getDeclaredMethod(axisGetter);
        getter.setAccessible(true);
        Axis<?, ?> axis = (Axis<?, ?>) getter.invoke(chart);
        double length = axisGetter.equals("getXAxis") ? axis.getBounds().getWidth() : axis.getBounds().getHeight();
        AxisTickCalculator calculator = axis.getAxisTickCalculator();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < calculator.getTickLocations().size(); i++) {
            double location = calculator.getTickLocations().get(i);
            if (location >= 0 && location <= length && !calculator.getTickLabels().get(i).isEmpty()) {
                labels.add(calculator.getTickLabels().get(i));
            }
        }
        return labels;
    }

    /** Rows of horizontal gridlines and columns of vertical ones, each the centre of its run of grid pixels. */
    private static void findGridlines(BufferedImage image, List<Integer> rows, List<Integer> columns) {
        int[] perRow = new int[image.getHeight()];
        int[] perColumn = new int[image.getWidth()];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (image.getRGB(x, y) == GRID.getRGB()) {
                    perRow[y]++;
                    perColumn[x]++;
                }
            }
        }
        runs(perRow, image.getWidth() / 3, rows);
        runs(perColumn, image.getHeight() / 3, columns);
    }

    private static void runs(int[] counts, int minimum, List<Integer> centres) {
        int start = -1;
        for (int i = 0; i <= counts.length; i++) {
            boolean on = i < counts.length && counts[i] >= minimum;
            if (on && start < 0) {
                start = i;
            } else if (!on && start >= 0) {
                centres.add((start + i - 1) / 2);
                start = -1;
            }
        }
    }

    private static double[] centroid(BufferedImage image, Color colour) {
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (image.getRGB(x, y) == colour.getRGB()) {
                    sx += x;
                    sy += y;
                    n++;
                }
            }
        }
        assertTrue(n > 0, "point of colour " + colour + " not drawn");
        return new double[]{sx / n, sy / n};
    }
}
