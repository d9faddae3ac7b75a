package dev.statetrack.report;

import dev.statetrack.report.ReportDocument.Block;
import dev.statetrack.report.ReportDocument.Entry;
import dev.statetrack.report.ReportDocument.Figure;
import dev.statetrack.report.ReportDocument.Paragraph;
import dev.statetrack.report.ReportDocument.Section;
import dev.statetrack.report.ReportDocument.Table;

/** Renders a report as GitHub-flavoured Markdown; charts are referenced as PNG files beside it. */
final class MarkdownRenderer {

    private MarkdownRenderer() {
    }

    static String render(ReportDocument document) {
        StringBuilder md = new StringBuilder("# ").append(document.title()).append("\n\n");
        for (Section section : document.sections()) {
            md.append("#".repeat(section.level())).append(' ').append(section.title());
            if (section.anchor() != null) {
                md.append(" <a id=\"").append(section.anchor()).append("\"></a>");
            }
            md.append("\n\n");
            for (Block block : section.blocks()) {
                if (block instanceof Paragraph p) {
                    md.append(p.text()).append("\n\n");
                } else if (block instanceof Table t) {
                    table(md, t);
                } else if (block instanceof Figure f) {
                    md.append("![").append(f.title()).append("](").append(f.fileName()).append(")\n\n");
                    md.append('*').append(f.caption()).append("*\n\n");
                }
            }
        }
        return md.toString();
    }

    private static void table(StringBuilder md, Table table) {
        md.append('|');
        table.header().forEach(h -> md.append(' ').append(escape(h)).append(" |"));
        md.append("\n|");
        table.header().forEach(h -> md.append(" --- |"));
        md.append('\n');
        for (var row : table.rows()) {
            md.append('|');
            for (Entry e : row) {
                String text = escape(e.text());
                md.append(' ').append(e.anchor() == null ? text : "[" + text + "](#" + e.anchor() + ")").append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
