package dev.statetrack.report;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * How a chart axis maps values. A logarithmic axis plots log10 of each value on XChart's linear axis
 * and labels each tick with 10^tick: XChart places ticks and points on the same linear scale, so every
 * label sits at its value's true position. (XChart's own log axis with a custom label function placed
 * ticks linearly while it drew points logarithmically, and the labels misread the points.)
 */
enum AxisScale {
    LINEAR, LOG;

    /** Where the value is drawn on XChart's (linear) axis. */
    double plotted(double value) {
        return this == LOG ? Math.log10(value) : value;
    }

    /** The value a tick at this plotted position stands for, to three significant digits: 31.6, 100, 2500. */
    String tickLabel(double plotted) {
        double value = this == LOG ? Math.pow(10, plotted) : plotted;
        if (Math.abs(value) < 1e-9) {
            return "0";
        }
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
