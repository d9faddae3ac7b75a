package dev.statetrack.report;

import dev.statetrack.model.ModelSpec;
import dev.statetrack.store.RunStore;
import dev.statetrack.study.Cell;
import dev.statetrack.study.ModelEntry;
import dev.statetrack.study.StudyLoader;
import dev.statetrack.study.StudyPlan;
import dev.statetrack.study.StudyResults;
import dev.statetrack.task.Format;
import dev.statetrack.task.LengthDistribution;
import dev.statetrack.testing.StubStudy;
import dev.statetrack.testing.StubTasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The N* charts and growth lines of a stub study's report (groups Z3 and S3, lengths 3 and 4). */
class NStarChartsTest {

    @TempDir
    Path dir;

    @Test
    void groupsOfDifferentFamiliesAreNeverJoinedByOneLine() {
        ModelEntry lstm = new ModelEntry("lstm", ModelSpec.lstm(1, 8, 8));
        String z3 = Charts.groupOrderSeries(new Cell(lstm, "Z3", Format.OUTCOME, LengthDistribution.UNIFORM, 4));
        String z5 = Charts.groupOrderSeries(new Cell(lstm, "Z5", Format.OUTCOME, LengthDistribution.UNIFORM, 4));
        String s3 = Charts.groupOrderSeries(new Cell(lstm, "S3", Format.OUTCOME, LengthDistribution.UNIFORM, 4));
        String product = Charts.groupOrderSeries(new Cell(lstm, "Z2xS3", Format.OUTCOME, LengthDistribution.UNIFORM, 4));
        assertEquals(z3, z5);
        assertNotEquals(z3, s3);
        assertNotEquals(s3, product);
    }

    @Test
    void aStubStudysReportDrawsGrowthOnlyWhereItHasTwoValuesAndStatesTheRatios() throws Exception {
        Path out = run(StubStudy.YAML, "two-lengths");
        StudyPlan plan = StudyPlan.of(StudyLoader.load(out.resolve("study.yaml")), new StubTasks());
        try (RunStore store = RunStore.open(out.resolve("runs.sqlite"))) {
            StudyResults results = StudyResults.load(plan, store);
            List<ReportDocument.Figure> byLength = Charts.nStarByLength(results);
            // every group × distribution has both lengths measured for some model
            assertEquals(4, byLength.size(), byLength.stream().map(ReportDocument.Figure::title).toList().toString());
            Map<String, List<Charts.Point>> series = Charts.nStarSeries(results,
                    s -> s.cell().group().equals("Z3") && s.cell().distribution() == LengthDistribution.UNIFORM,
                    c -> c.model().name() + " / " + c.format().id(), c -> (double) c.maxLength());
            assertEquals(List.of(3.0, 4.0), series.get("lstm / outcome").stream().map(Charts.Point::x).toList());
            // Z3 (order 3) and S3 (order 6): two orders, so every model × format with a result has its chart
            assertEquals(plan.spec().models().size() * plan.spec().formats().size(),
                    Charts.nStarByGroupOrder(results).size());
        }
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("How N* grows with the maximum length L"), "growth paragraph");
        // the stub LSTM's threshold is k·L: 9 sequences of Z3 at L = 3, 12 at L = 4, a true ratio of 4/3
        Matcher m = Pattern.compile("lstm / outcome: .*Z3 uniform L=3→4: ×([0-9.]+) \\(between ×([0-9.]+) and "
                + "×([0-9.]+)\\)").matcher(report);
        assertTrue(m.find(), report);
        double ratio = Double.parseDouble(m.group(1));
        double lower = Double.parseDouble(m.group(2));
        double upper = Double.parseDouble(m.group(3));
        double printed = 0.005; // three significant digits
        assertTrue(lower - printed <= 4.0 / 3 && 4.0 / 3 <= upper + printed,
                "the brackets' range holds the true ratio: " + m.group());
        assertTrue(lower <= ratio && ratio <= upper, m.group());
    }

    @Test
    void withOneLengthThereIsNoChartAgainstLengthAndNoGrowthLine() throws Exception {
        String yaml = StubStudy.YAML.replace("lengths: [3, 4]", "lengths: [4]")
                .replace("length-generalisation: {groups: [Z3], lengths: [3]}", "length-generalisation: {groups: [Z3], lengths: [4]}");
        Path out = run(yaml, "one-length");
        StudyPlan plan = StudyPlan.of(StudyLoader.load(out.resolve("study.yaml")), new StubTasks());
        try (RunStore store = RunStore.open(out.resolve("runs.sqlite"))) {
            assertTrue(Charts.nStarByLength(StudyResults.load(plan, store)).isEmpty());
        }
        assertFalse(Files.readString(out.resolve("report.md")).contains("How N* grows with the maximum length L"));
    }

    private Path run(String yaml, String name) throws Exception {
        Path study = Files.writeString(dir.resolve(name + ".yaml"), yaml);
        Path out = dir.resolve(name);
        StringWriter err = new StringWriter();
        assertEquals(0, StubStudy.run(study, out, 0, dir.resolve(name + ".log"), new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true)), err.toString());
        return out;
    }
}
