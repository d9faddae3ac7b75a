package dev.statetrack.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed invocations and files across every command. Each must exit with 2, print at most three
 * lines on stderr that name the bad value, show no stack trace, and leave no file behind. The table
 * of cases and messages is written to target/error-corpus.md.
 */
class ErrorCorpusTest {

    static final String STUDY = """
            name: corpus
            models:
              - {kind: lstm, hidden: 8}
            groups: [Z3]
            formats: [acot]
            distributions: [uniform]
            lengths: [4]
            training:
              steps: 100
              batch-size: 8
              epsilon: 1.0e-2
              eval-every: 10
              learning-rates: [1.0e-3]
              seeds: [1]
            """;

    @TempDir
    Path dir;

    /** Builds the arguments, writing whatever files the case needs under the folder. */
    @FunctionalInterface
    interface Setup {
        String[] args(Path dir) throws IOException;
    }

    record Case(String name, String expected, Setup setup) {
    }

    private static Case c(String name, String expected, Setup setup) {
        return new Case(name, expected, setup);
    }

    private static Case c(String name, String expected, String... args) {
        return new Case(name, expected, d -> args);
    }

    private static String write(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text).toString();
    }

    private static String folder(Path dir, String name) throws IOException {
        return Files.createDirectories(dir.resolve(name)).toString();
    }

    private static Setup study(String text, String... more) {
        return d -> {
            List<String> args = new ArrayList<>(List.of("study", write(d, "s.yaml", text), "--dry-run", "--out",
                    d.resolve("out").toString()));
            args.addAll(List.of(more));
            return args.toArray(String[]::new);
        };
    }

    private static Setup config(String text, String... more) {
        return d -> {
            List<String> args = new ArrayList<>(List.of("train", "--config", write(d, "c.yaml", text)));
            args.addAll(List.of(more));
            return args.toArray(String[]::new);
        };
    }

    static List<Case> cases() {
        return List.of(
                // dataset: names and numbers
                c("dataset: unknown group", "'Q8'", "dataset", "--group", "Q8", "-L", "3", "-N", "5"),
                c("dataset: Z1", "Z1", "dataset", "--group", "Z1", "-L", "3", "-N", "5"),
                c("dataset: product with an unknown factor", "Q", "dataset", "--group", "Z2xQ", "-L", "3", "-N", "5"),
                c("dataset: L below 2", "L=1", "dataset", "--group", "Z3", "-L", "1", "-N", "5"),
                c("dataset: L beyond 10000", "L=10001", "dataset", "--group", "Z3", "-L", "10001", "-N", "5"),
                c("dataset: N zero", "train size 0", "dataset", "--group", "Z3", "-L", "3", "-N", "0"),
                c("dataset: N beyond the space", "train size 500", "dataset", "--group", "Z2", "-L", "3", "-N", "500"),
                c("dataset: N not a number", "'abc'", "dataset", "--group", "Z3", "-L", "3", "-N", "abc"),
                c("dataset: unknown format", "'chain'", "dataset", "--group", "Z3", "-L", "3", "-N", "5", "--format",
                        "chain"),
                c("dataset: unknown distribution", "'x'", "dataset", "--group", "Z3", "-L", "3", "-N", "5",
                        "--distribution", "x"),
                c("dataset: seed not a number", "'ten'", "dataset", "--group", "Z3", "-L", "3", "-N", "5", "--seed",
                        "ten"),
                c("dataset: missing -N", "--train-size", "dataset", "--group", "Z3", "-L", "3"),
                c("dataset: samples beyond the Java heap", "Java heap", "dataset", "--group", "Z100", "-L", "5000",
                        "-N", "100000000"),
                // dataset: paths
                c("dataset: --out under a regular file", "is a file, not a folder", d -> new String[] {"dataset",
                        "--group", "Z3", "-L", "3", "-N", "5", "--out", write(d, "f.txt", "x") + "/d.jsonl"}),
                c("dataset: --out deep under a regular file", "is a file, not a folder", d -> new String[] {"dataset",
                        "--group", "Z3", "-L", "3", "-N", "5", "--out", write(d, "g.txt", "x") + "/a/b/d.jsonl"}),
                c("dataset: --out is a folder", "is a folder", d -> new String[] {"dataset", "--group", "Z3", "-L",
                        "3", "-N", "5", "--out", folder(d, "existing")}),
                c("dataset: summary path is a folder", "summary", d -> {
                    folder(d, "d.jsonl.summary.json");
                    return new String[] {"dataset", "--group", "Z3", "-L", "3", "-N", "5", "--out",
                            d.resolve("d.jsonl").toString()};
                }),
                // group tables
                c("group: table file missing", "missing.csv", d -> new String[] {"group",
                        d.resolve("missing.csv").toString()}),
                c("group: table path is a folder", "is a folder", d -> new String[] {"group", folder(d, "t.csv")}),
                c("group: table not associative", "associativity fails", d -> new String[] {"group",
                        write(d, "a.csv", "0,1,2\n1,0,1\n2,2,0\n")}),
                c("group: table with a non-number", "'x'", d -> new String[] {"group", write(d, "x.csv", "0,1\n1,x\n")}),
                c("group: empty table", "e.csv", d -> new String[] {"group", write(d, "e.csv", "")}),
                c("group: table not square", "n.csv", d -> new String[] {"group", write(d, "n.csv", "0,1\n1\n")}),
                c("dataset: table missing", "nope.csv", d -> new String[] {"dataset", "--group",
                        d.resolve("nope.csv").toString(), "-L", "3", "-N", "5"}),
                c("group: S9", "S9", "group", "S9"),
                c("group: A8", "A8", "group", "A8"),
                c("group: D2", "D2", "group", "D2"),
                // train: flags
                c("train: unknown model", "'rnn'", "train", "--model", "rnn"),
                c("train: heads do not divide width", "3", "train", "--model", "transformer", "--width", "32",
                        "--heads", "3"),
                c("train: L below 2", "--max-length", "train", "--max-length", "1"),
                c("train: N zero", "--train-size 0", "train", "--train-size", "0"),
                c("train: lr zero", "--lr", "train", "--lr", "0"),
                c("train: epsilon negative", "--epsilon", "train", "--epsilon", "-1"),
                c("train: probe length 1", "--probe-max-length", "train", "--probe-max-length", "1"),
                c("train: steps zero", "--steps", "train", "--steps", "0"),
                c("train: --max-memory not a size", "'lots'", "train", "--max-memory", "lots"),
                c("train: attention beyond physical memory", "needs about", "train", "--model", "transformer",
                        "--width", "512", "--heads", "8", "--layers", "6", "--max-length", "10000", "--batch-size",
                        "512"),
                c("train: model beyond --max-memory", "--max-memory", "train", "--model", "lstm", "--width", "2048",
                        "--max-memory", "16M"),
                // train: config files
                c("train: --config missing", "nope.yaml", d -> new String[] {"train", "--config",
                        d.resolve("nope.yaml").toString()}),
                c("train: --config is a folder", "is a folder", d -> new String[] {"train", "--config",
                        folder(d, "conf.yaml")}),
                c("train: config YAML syntax", "c.yaml:2:", config("group: Z3\nmax-length: [4\n")),
                c("train: config wrong type", "c.yaml:2:13: max-length", config("group: Z3\nmax-length: ten\n")),
                c("train: config unknown key", "c.yaml:1:9: lenght", config("lenght: 4\n")),
                c("train: config value out of range", "c.yaml:1:13: max-length", config("max-length: 1\n")),
                c("train: config negative lr", "c.yaml:2:5: lr", config("steps: 10\nlr: -1\n")),
                c("train: config unknown group", "c.yaml:1:8: group", config("group: Q8\n")),
                c("train: config not a mapping", "c.yaml:1:1", config("- 1\n- 2\n")),
                c("train: config boolean expected", "normalize-state", config("normalize-state: maybe\n")),
                // bench-steps
                c("bench-steps: unknown model", "'rnn'", "bench-steps", "--model", "rnn"),
                c("bench-steps: concurrent zero", "--concurrent", "bench-steps", "--concurrent", "0"),
                c("bench-steps: length zero", "--length", "bench-steps", "--length", "0"),
                c("bench-steps: negative warmup", "--warmup", "bench-steps", "--warmup", "-1"),
                c("bench-steps: profile of concurrent trials", "--concurrent", "bench-steps", "--profile",
                        "--concurrent", "2"),
                c("bench-steps: width not a number", "'wide'", "bench-steps", "--width", "wide"),
                // study: files and flags
                c("study: file missing", "none.yaml", d -> new String[] {"study", d.resolve("none.yaml").toString()}),
                c("study: file is a folder", "is a folder", d -> new String[] {"study", folder(d, "sf.yaml")}),
                c("study: neither file nor preset", "--preset", "study"),
                c("study: unknown preset", "'nope'", "study", "--preset", "nope"),
                c("study: threads zero", "--threads", study(STUDY, "--threads", "0")),
                c("study: workers zero", "--workers", study(STUDY, "--workers", "0")),
                c("study: --max-memory not a size", "'12 apples'", study(STUDY, "--max-memory", "12 apples")),
                c("study: --out is a file", "is a file", d -> new String[] {"study", write(d, "s.yaml", STUDY),
                        "--out", write(d, "o.txt", "x")}),
                c("study: --out under a file", "is a file, not a folder", d -> new String[] {"study",
                        write(d, "s.yaml", STUDY), "--out", write(d, "p.txt", "x") + "/out"}),
                c("study: the run store path is a folder", "run store", d -> {
                    folder(d, "o/runs.sqlite");
                    return new String[] {"study", write(d, "s.yaml", STUDY), "--out", d.resolve("o").toString()};
                }),
                // study: YAML
                c("study: YAML syntax", "s.yaml:5:8: not valid YAML", study(STUDY.replace("groups: [Z3]", "groups: [Z3"))),
                c("study: wrong type", "s.yaml:9:10: training.steps", study(STUDY.replace("steps: 100", "steps: many"))),
                c("study: unknown key", "s.yaml:15:9: colour", study(STUDY + "colour: blue\n")),
                c("study: missing section", "training", study(STUDY.substring(0, STUDY.indexOf("training:")))),
                c("study: duplicate key", "s.yaml:8:1: lengths", study(STUDY.replace("lengths: [4]",
                        "lengths: [4]\nlengths: [5]"))),
                c("study: length 1", "lengths[0]", study(STUDY.replace("lengths: [4]", "lengths: [1]"))),
                c("study: length 20000", "lengths[0]", study(STUDY.replace("lengths: [4]", "lengths: [20000]"))),
                c("study: negative learning rate", "learning-rates[0]", study(STUDY.replace("[1.0e-3]", "[-1]"))),
                c("study: unknown model kind", "models[0].kind", study(STUDY.replace("kind: lstm", "kind: rnn"))),
                c("study: unknown group", "'Q8'", study(STUDY.replace("[Z3]", "[Q8]"))),
                // a dry run lists such trials and exits 0; a real run refuses the first before anything is written
                c("study: a trial beyond --max-memory", "needs about", d -> new String[] {"study",
                        write(d, "s.yaml", STUDY.replace("hidden: 8", "hidden: 4096")), "--max-memory", "64M", "--out",
                        d.resolve("out").toString()}),
                c("study: paper preset beyond the heap or --max-memory", "search transformer", d -> new String[] {"study", "--preset",
                        "paper", "--max-memory", "1G", "--out", d.resolve("paper").toString()}),
                // report
                c("report: folder missing", "does not exist", d -> new String[] {"report",
                        d.resolve("nowhere").toString()}),
                c("report: a file, not a folder", "is a file", d -> new String[] {"report", write(d, "r.txt", "x")}),
                c("report: not a study folder", "is not a study folder", d -> new String[] {"report",
                        folder(d, "empty")}),
                // top level
                c("unknown command", "'frobnicate'", "frobnicate"));
    }

    @Test
    @Timeout(120)
    void everyMistakeIsOneShortLineWithExitCode2AndNoOutputLeftBehind() throws IOException {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 50, "at least 50 cases, got " + cases.size());
        StringBuilder table = new StringBuilder("| case | exit code | message |\n| --- | --- | --- |\n");
        List<String> failures = new ArrayList<>();
        int index = 0;
        for (Case c : cases) {
            Path caseDir = Files.createDirectories(dir.resolve("case" + index++));
            String[] args = c.setup().args(caseDir);
            Set<String> before = listing(caseDir);
            CliErrorsTest.Run r = CliErrorsTest.run(args);
            String message = r.err().strip();
            table.append("| ").append(c.name()).append(" | ").append(r.exitCode()).append(" | `")
                    .append(message.lines().findFirst().orElse("").replace(caseDir.toString(), "DIR")
                            .replace("|", "\\|").replace("`", "'"))
                    .append("` |\n");
            List<String> problems = problems(c, r, before, listing(caseDir));
            if (!problems.isEmpty()) {
                failures.add(c.name() + ": " + String.join("; ", problems) + "\n    stderr: " + message);
            }
        }
        Path report = Path.of("target", "error-corpus.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, table);
        assertEquals(List.of(), failures, String.join("\n", failures));
    }

    static List<String> problems(Case c, CliErrorsTest.Run r, Set<String> before, Set<String> after) {
        List<String> problems = new ArrayList<>();
        if (r.exitCode() != 2) {
            problems.add("exit code " + r.exitCode());
        }
        long lines = r.err().lines().filter(l -> !l.isBlank()).count();
        if (lines < 1 || lines > 3) {
            problems.add(lines + " lines on stderr");
        }
        if (!r.err().contains(c.expected())) {
            problems.add("stderr does not name '" + c.expected() + "'");
        }
        if (r.err().contains("\tat ") || r.err().contains("Exception")) {
            problems.add("a stack trace");
        }
        if (!before.equals(after)) {
            Set<String> added = new TreeSet<>(after);
            added.removeAll(before);
            problems.add("files left behind: " + added);
        }
        return problems;
    }

    static Set<String> listing(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(p -> root.relativize(p).toString()).collect(TreeSet::new, Set::add, Set::addAll);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
