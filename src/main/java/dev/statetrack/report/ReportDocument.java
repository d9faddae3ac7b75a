package dev.statetrack.report;

import java.util.List;

/**
 * The report's content independent of its rendering, so Markdown and HTML show the same numbers
 * with the same links.
 */
public record ReportDocument(String title, List<Section> sections) {

    public sealed interface Block permits Paragraph, Table, Figure {
    }

    public record Paragraph(String text) implements Block {
    }

    /** A table cell; {@code anchor}, when not null, names the section holding the trials behind it. */
    public record Entry(String text, String anchor) {
        public static Entry plain(Object text) {
            return new Entry(String.valueOf(text), null);
        }
    }

    public record Table(List<String> header, List<List<Entry>> rows) implements Block {
    }

    /** @param fileName where the Markdown report's copy of the chart lives, relative to the report */
    public record Figure(String title, String caption, String fileName, byte[] png) implements Block {
    }

    /** @param level 2 for a top-level section, 3 for one nested under it */
    public record Section(String anchor, String title, int level, List<Block> blocks) {
    }
}
