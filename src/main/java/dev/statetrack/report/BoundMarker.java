package dev.statetrack.report;

import org.knowm.xchart.style.markers.Marker;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;

/**
 * A bound rather than a measurement: an open circle at the bound with an arrow pointing to where the
 * true value lies (up for "more than", down for "less than").
 */
final class BoundMarker extends Marker {

    static final BoundMarker ABOVE = new BoundMarker(-1);
    static final BoundMarker BELOW = new BoundMarker(1);

    /** Screen direction of the arrow: -1 is up (y grows downwards). */
    private final int direction;

    private BoundMarker(int direction) {
        this.direction = direction;
    }

    @Override
    public void paint(Graphics2D g, double x, double y, int markerSize) {
        g.setStroke(new BasicStroke(1.5f));
        double r = markerSize / 2.0;
        g.draw(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
        double tip = y + direction * 3.2 * r;
        Path2D.Double arrow = new Path2D.Double();
        arrow.moveTo(x, y + direction * r);
        arrow.lineTo(x, tip);
        arrow.moveTo(x - 0.8 * r, tip - direction * 0.9 * r);
        arrow.lineTo(x, tip);
        arrow.lineTo(x + 0.8 * r, tip - direction * 0.9 * r);
        g.draw(arrow);
    }
}
