package dev.statetrack.cli;

import dev.statetrack.model.ModelFlops;
import dev.statetrack.study.StudyLoader;
import dev.statetrack.study.StudyPlan;
import dev.statetrack.testing.StubStudy;
import dev.statetrack.testing.StubTasks;
import dev.statetrack.train.InferenceCost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report's cost section: training compute per cell from the stored trials, and the measured inference costs. */
class CostReportTest {

    @TempDir
    Path dir;

    @Test
    void theReportShowsTrainingComputePerCellAndTheMeasuredInferenceCost() throws Exception {
        Path out = dir.resolve("out");
        StringWriter err = new StringWriter();
        assertEquals(0, StubStudy.run(StubStudy.writeStudy(dir), out, 0, dir.resolve("log"),
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true)), err.toString());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("## Cost: training compute to reach N*"), md);
        assertTrue(md.contains("statetrack cost DIR"), "without measurements the report says how to get them");

        // The stub's trials all run the full 40 steps at batch 16; the lstm learns Z3 outcome (fixed, L=3).
        StudyPlan plan = StudyPlan.of(StudyLoader.load(out.resolve("study.yaml")), new StubTasks());
        var lstm = plan.spec().models().get(1).spec();
        long perSample = ModelFlops.trainingPerSample(lstm, 3 + 2, 3 + 1);
        String row = md.lines().filter(l -> l.startsWith("| lstm | outcome | fixed | Z3 | 3 | [")).findFirst()
                .orElseThrow(() -> new AssertionError(md));
        String[] cells = row.split(" \\| ");
        assertEquals("40", cells[6], row);
        assertEquals(String.format(Locale.ROOT, "%.3g", 40.0 * 16 * perSample), cells[7], row);
        long searchSteps = Long.parseLong(cells[10]);
        assertEquals(40 * Long.parseLong(cells[9]), searchSteps, row);
        assertEquals(String.format(Locale.ROOT, "%.3g", (double) searchSteps * 16 * perSample), cells[11], row);

        InferenceCost measured = new InferenceCost("lstm", "lstm", 1000, 8, 64, 1, true, 0.125, 0.125, 123L << 20,
                null, 4242, 3, 1, "test machine", null);
        Files.writeString(out.resolve("cost.jsonl"), measured.toJson() + "\n");
        var r = CliErrorsTest.run("report", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        String withCosts = Files.readString(out.resolve("report.md"));
        assertTrue(withCosts.contains("measured by 'statetrack cost' on test machine"), withCosts);
        assertTrue(withCosts.contains("| lstm | 1000 | 64 | 1 | yes | 0.125 | 123 | 4.24e+03 |"), withCosts);
        assertTrue(Files.isRegularFile(out.resolve("charts/cost-ms-per-token.png")));
        assertTrue(Files.isRegularFile(out.resolve("charts/cost-memory.png")));
    }
}
