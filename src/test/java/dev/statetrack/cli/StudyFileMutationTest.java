package dev.statetrack.cli;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A valid study file damaged at random (a line deleted, a value of the wrong type or out of range,
 * the text cut short) is either still a valid study or refused like every user mistake: exit code 2,
 * at most three lines naming the file, no stack trace, nothing written.
 */
class StudyFileMutationTest {

    private static final List<String> LINES = ErrorCorpusTest.STUDY.lines().toList();
    private static final List<String> BAD_VALUES = List.of("abc", "-1", "0", "[]", "{}", "1.5", "99999999999",
            "true", "null", "''", "[abc, 1]", "{kind: x}", "1e999", "\"\"", "[1,", "- x");

    record Mutation(String description, String text) {
        @Override
        public String toString() {
            return description;
        }
    }

    @Property(tries = 150)
    void aDamagedStudyFileIsRefusedCleanlyOrStillValid(@ForAll("mutations") Mutation mutation) throws IOException {
        Path dir = Files.createTempDirectory("mutation");
        try {
            Path file = Files.writeString(dir.resolve("study.yaml"), mutation.text());
            Path out = dir.resolve("out");
            Set<String> before = ErrorCorpusTest.listing(dir);
            CliErrorsTest.Run r = CliErrorsTest.run("study", file.toString(), "--dry-run", "--out", out.toString());
            assertEquals(before, ErrorCorpusTest.listing(dir), "nothing written");
            if (r.exitCode() == 0) {
                return;
            }
            assertEquals(2, r.exitCode(), r.err());
            long lines = r.err().lines().filter(l -> !l.isBlank()).count();
            assertTrue(lines >= 1 && lines <= 3, r.err());
            assertTrue(!r.err().contains("\tat ") && !r.err().contains("Exception"), r.err());
            // the loader names the file and key; the plan names an unknown group; the memory check the trial
            assertTrue(r.err().contains(file.toString()) || r.err().contains("unknown group")
                    || r.err().contains("needs about"), "names what is wrong: " + r.err());
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<Integer> line = Arbitraries.integers().between(0, LINES.size() - 1);
        Arbitrary<Mutation> deleted = line.map(i -> {
            List<String> lines = new ArrayList<>(LINES);
            String gone = lines.remove((int) i);
            return new Mutation("deleted '" + gone.strip() + "'", String.join("\n", lines) + "\n");
        });
        Arbitrary<Mutation> replaced = Combinators.combine(line, Arbitraries.of(BAD_VALUES)).as((i, value) -> {
            List<String> lines = new ArrayList<>(LINES);
            String original = lines.get(i);
            int colon = original.indexOf(": ");
            String changed = colon < 0 ? original.replaceAll("\\S.*", value) : original.substring(0, colon + 2) + value;
            lines.set(i, changed);
            return new Mutation("'" + original.strip() + "' -> '" + changed.strip() + "'", String.join("\n", lines) + "\n");
        });
        Arbitrary<Mutation> numbers = Combinators.combine(Arbitraries.of("steps: 100", "batch-size: 8",
                        "eval-every: 10", "lengths: [4]", "hidden: 8", "seeds: [1]"),
                Arbitraries.of("0", "-5", "2147483648", "100000", "3.5")).as((key, value) -> {
            String replacement = key.contains("[") ? key.replaceAll("\\d+", value) : key.replaceAll("\\d+$", value);
            return new Mutation(key + " -> " + replacement, ErrorCorpusTest.STUDY.replace(key, replacement));
        });
        Arbitrary<Mutation> truncated = Arbitraries.integers().between(0, ErrorCorpusTest.STUDY.length() - 1)
                .map(n -> new Mutation("cut after " + n + " characters", ErrorCorpusTest.STUDY.substring(0, n)));
        return Arbitraries.oneOf(deleted, replaced, numbers, truncated);
    }

    @Property(tries = 1)
    void theUndamagedStudyIsValid() throws IOException {
        Path dir = Files.createTempDirectory("mutation");
        Path file = Files.writeString(dir.resolve("study.yaml"), ErrorCorpusTest.STUDY);
        CliErrorsTest.Run r = CliErrorsTest.run("study", file.toString(), "--dry-run", "--out",
                dir.resolve("out").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("largest trial: search lstm Z3 acot uniform L=4"), r.out());
        Files.delete(file);
        Files.delete(dir);
    }
}
