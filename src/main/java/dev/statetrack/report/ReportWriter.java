package dev.statetrack.report;

import dev.statetrack.report.ReportDocument.Block;
import dev.statetrack.report.ReportDocument.Figure;
import dev.statetrack.report.ReportDocument.Section;
import dev.statetrack.store.AtomicFile;
import dev.statetrack.store.RunStore;
import dev.statetrack.study.StudyResults;
import dev.statetrack.train.InferenceCost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the report of a study directory: report.html (self-contained), report.md with its charts
 * under charts/, and CSV tables (nstar, kappa, length_generalisation, trials); the inference costs of
 * cost.jsonl when "statetrack cost" left one.
 */
public final class ReportWriter {

    /** Where 'statetrack cost' leaves the inference costs of a study folder's models for its report. */
    public static final String COST_FILE = "cost.jsonl";

    private ReportWriter() {
    }

    /** @return the files written, report.html first */
    public static List<Path> write(Path dir, StudyResults results, RunStore store) {
        try {
            var trials = store.trials();
            Path costs = dir.resolve(COST_FILE);
            ReportDocument document = ReportBuilder.build(results, trials.size(),
                    Files.isRegularFile(costs) ? InferenceCost.readLines(costs) : List.of());
            List<Path> files = new ArrayList<>();
            files.add(AtomicFile.writeString(dir.resolve("report.html"), HtmlRenderer.render(document)));
            files.add(AtomicFile.writeString(dir.resolve("report.md"), MarkdownRenderer.render(document)));
            for (Section section : document.sections()) {
                for (Block block : section.blocks()) {
                    if (block instanceof Figure f) {
                        files.add(AtomicFile.write(dir.resolve(f.fileName()), f.png()));
                    }
                }
            }
            files.addAll(CsvTables.write(dir, results, trials));
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report in " + dir + ": " + e.getMessage(), e);
        }
    }
}
