package dev.statetrack.report;

import dev.statetrack.report.ReportDocument.Block;
import dev.statetrack.report.ReportDocument.Entry;
import dev.statetrack.report.ReportDocument.Figure;
import dev.statetrack.report.ReportDocument.Paragraph;
import dev.statetrack.report.ReportDocument.Section;
import dev.statetrack.report.ReportDocument.Table;

import java.util.Base64;

/** Renders a report as one self-contained HTML page: inline CSS, charts as base64 PNG, no external resources. */
final class HtmlRenderer {

    private static final String STYLE = """
            body { font-family: sans-serif; margin: 2em auto; max-width: 1150px; color: #222; line-height: 1.4; }
            h1 { border-bottom: 2px solid #444; }
            h2 { border-bottom: 1px solid #bbb; margin-top: 2em; }
            h3 { margin-top: 1.5em; font-size: 1.05em; }
            table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
            th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
            th { background: #f0f0f0; }
            tr:nth-child(even) td { background: #fafafa; }
            td a { text-decoration: none; }
            figure { display: inline-block; width: 49%; margin: 0 0 1.5em; vertical-align: top; }
            figure img { width: 100%; border: 1px solid #ddd; }
            figcaption { font-size: 0.9em; color: #555; }
            code { font-size: 0.9em; }
            """;

    private HtmlRenderer() {
    }

    static String render(ReportDocument document) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>").append(escape(document.title())).append("</title>\n<style>").append(STYLE)
                .append("</style>\n</head>\n<body>\n<h1>").append(escape(document.title())).append("</h1>\n");
        for (Section section : document.sections()) {
            html.append("<h").append(section.level());
            if (section.anchor() != null) {
                html.append(" id=\"").append(escape(section.anchor())).append('"');
            }
            html.append('>').append(escape(section.title())).append("</h").append(section.level()).append(">\n");
            for (Block block : section.blocks()) {
                if (block instanceof Paragraph p) {
                    html.append("<p>").append(escape(p.text())).append("</p>\n");
                } else if (block instanceof Table t) {
                    table(html, t);
                } else if (block instanceof Figure f) {
                    html.append("<figure><img alt=\"").append(escape(f.title())).append("\" src=\"data:image/png;base64,")
                            .append(Base64.getEncoder().encodeToString(f.png())).append("\"><figcaption>")
                            .append(escape(f.caption())).append("</figcaption></figure>\n");
                }
            }
        }
        return html.append("</body>\n</html>\n").toString();
    }

    private static void table(StringBuilder html, Table table) {
        html.append("<table>\n<thead><tr>");
        table.header().forEach(h -> html.append("<th>").append(escape(h)).append("</th>"));
        html.append("</tr></thead>\n<tbody>\n");
        for (var row : table.rows()) {
            html.append("<tr>");
            for (Entry e : row) {
                html.append("<td>");
                if (e.anchor() != null) {
                    html.append("<a href=\"#").append(escape(e.anchor())).append("\">").append(escape(e.text()))
                            .append("</a>");
                } else {
                    html.append(escape(e.text()));
                }
                html.append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
