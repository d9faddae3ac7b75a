package dev.statetrack.report;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * How a chart axis maps values and where its labels go. A logarithmic axis plots log10 of each value on
 * XChart's linear axis and labels only the ticks at whole decades (1, 10, 100): XChart places ticks and
 * points on the same linear scale, so every label sits at its value's true position, and a reader sees
 * the values one writes rather than 10^0.7 = 5.01. (XChart's own log axis with a custom label function
 * placed ticks linearly while it drew points logarithmically, and the labels misread the points.) An
 * integer axis (group orders, lengths) labels only whole numbers.
 */
enum AxisScale {
    LINEAR, INTEGER, LOG;

    /** Fewest pixels between two ticks: XChart's default spacing hint. */
    private static final int DEFAULT_TICK_SPACING = 74;
    /** Room around the data on a linear axis: this share of the span, at least half a unit. */
    private static final double LINEAR_PADDING = 0.05;

    /** Where the value is drawn on XChart's (linear) axis. */
    double plotted(double value) {
        return this == LOG ? Math.log10(value) : value;
    }

    /**
     * The label of a tick at this plotted position: on a linear axis the value to three significant
     * digits (1.5, 2500); on a logarithmic one the decade it stands for (10, 100, 0.01) and nothing between
     * decades; on an integer axis the whole number and nothing between.
     */
    String tickLabel(double plotted) {
        if (this != LINEAR && Math.abs(plotted - Math.rint(plotted)) > 1e-9) {
            return "";
        }
        double value = this == LOG ? Math.pow(10, Math.rint(plotted)) : plotted;
        if (Math.abs(value) < 1e-9) {
            return "0";
        }
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /**
     * The plotted range drawn for data spanning {@code min..max} (plotted). A logarithmic axis spans whole
     * decades and an integer axis whole numbers, at least a tenth of a decade or half a unit beyond the data
     * (so bound markers' arrows stay inside): its ends then carry labels too, and XChart lays out no ticks
     * at all when the labels of the axis ends are equal, as two blank ones are.
     */
    double[] range(double min, double max) {
        return switch (this) {
            case LOG -> {
                double low = Math.floor(min - 0.1);
                yield new double[] {low, Math.max(Math.ceil(max + 0.1), low + 1)};
            }
            case INTEGER -> new double[] {Math.floor(min - 0.5), Math.ceil(max + 0.5)};
            case LINEAR -> {
                double pad = Math.max(0.5, LINEAR_PADDING * (max - min));
                yield new double[] {min - pad, max + pad};
            }
        };
    }

    /**
     * XChart's tick spacing hint (fewest pixels between ticks) for an axis drawn at {@code pixelsPerUnit}
     * pixels per plotted unit: a logarithmic axis ticks at most once a decade and an integer axis at most
     * once a unit, so every tick carries a label. (XChart insists on distinct labels: blank ones between
     * labelled ticks make it drop ticks until none is left.)
     */
    int tickSpacingHint(double pixelsPerUnit) {
        if (this == LINEAR || !(pixelsPerUnit > 0)) {
            return DEFAULT_TICK_SPACING;
        }
        return Math.max(DEFAULT_TICK_SPACING, (int) Math.floor(0.95 * pixelsPerUnit));
    }
}
