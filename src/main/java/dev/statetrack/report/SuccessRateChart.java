package dev.statetrack.report;

import dev.statetrack.analysis.BinomialInterval;
import dev.statetrack.analysis.SuccessCount;
import dev.statetrack.analysis.SuccessRates;
import dev.statetrack.report.ReportDocument.Figure;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.List;
import java.util.Locale;

/**
 * One cell's success rate against N: the observed k/n at each size with its Wilson interval as a bar,
 * and the fitted logistic curve. The x axis is log10(N) on a linear axis, each tick labelled with the N
 * at its position, so the placement is right whatever the chart library does with log axes.
 */
final class SuccessRateChart {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final Color POINTS = new Color(31, 119, 180);
    private static final Color CURVE = new Color(214, 39, 40);

    private SuccessRateChart() {
    }

    static Figure of(String cellLabel, String fileStem, SuccessRates rates) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Success rate: " + cellLabel)
                .xAxisTitle("training-set size N (log scale)").yAxisTitle("share of configurations that succeed")
                .build();
        Charts.style(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(SuccessRateChart::sizeAtLog10);
        List<SuccessCount> counts = rates.counts().stream().filter(c -> c.trials() > 0).toList();
        double lo = Math.log10(rates.smallestSize()) - 0.25;
        double hi = Math.log10(rates.largestSize()) + 0.25;
        chart.getStyler().setXAxisMin(lo);
        chart.getStyler().setXAxisMax(hi);
        rates.fit().ifPresent(fit -> {
            int steps = 100;
            double[] x = new double[steps + 1];
            double[] y = new double[steps + 1];
            for (int i = 0; i <= steps; i++) {
                x[i] = lo + (hi - lo) * i / steps;
                y[i] = fit.probability(Math.pow(10, x[i]));
            }
            XYSeries curve = chart.addSeries("logistic fit in log N", x, y);
            curve.setMarker(SeriesMarkers.NONE);
            curve.setLineColor(CURVE);
        });
        double[] x = new double[counts.size()];
        double[] y = new double[counts.size()];
        for (int i = 0; i < counts.size(); i++) {
            SuccessCount c = counts.get(i);
            x[i] = Math.log10(c.trainSize());
            y[i] = c.rate();
            BinomialInterval wilson = BinomialInterval.wilson(c.successes(), c.trials(), SuccessRates.CONFIDENCE);
            XYSeries bar = chart.addSeries("bar " + i, new double[] {x[i], x[i]},
                    new double[] {wilson.lower(), wilson.upper()});
            bar.setMarker(SeriesMarkers.NONE);
            bar.setLineColor(POINTS);
            bar.setShowInLegend(false);
        }
        XYSeries points = chart.addSeries("k/n with 95% Wilson interval", x, y);
        points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        points.setMarker(SeriesMarkers.CIRCLE);
        points.setMarkerColor(POINTS);
        return new Figure("Success rate: " + cellLabel, "Each point is the share of the " + rates.configurations()
                + " configurations that succeeded at that N, with its 95% Wilson interval; the curve is the "
                + "logistic fit in log N.", "charts/" + fileStem + ".png", Charts.png(chart));
    }

    private static String sizeAtLog10(Double log10) {
        double n = Math.pow(10, log10);
        return n >= 10 ? String.format(Locale.ROOT, "%.0f", n) : String.format(Locale.ROOT, "%.2g", n);
    }
}
