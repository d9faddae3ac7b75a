package dev.statetrack.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.statetrack.store.AtomicFile;
import dev.statetrack.task.Dataset;
import dev.statetrack.task.DatasetSampler;
import dev.statetrack.task.DatasetSummary;
import dev.statetrack.task.EncodedSample;
import dev.statetrack.task.Format;
import dev.statetrack.task.Group;
import dev.statetrack.task.GroupCatalog;
import dev.statetrack.task.LengthDistribution;
import dev.statetrack.task.PackedSequences;
import dev.statetrack.task.PermutationGroup;
import dev.statetrack.task.Sample;
import dev.statetrack.task.Vocabulary;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "dataset", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Samples a dataset and writes it as JSON Lines.",
            "The validation set is drawn first, then N training sequences; one sample per line, plus a",
            "summary of samples and available sequences per split and length.",
            "Without --out the samples go to standard output and the summary to standard error."})
final class DatasetCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--group", required = true, description = "group, e.g. Z5, S3, Z2xS3, or a table .csv")
    private String group;

    @Option(names = {"-L", "--max-length"}, required = true, description = "maximum sequence length L (>= 2)")
    private int maxLength;

    @Option(names = {"-N", "--train-size"}, required = true, description = "number of training sequences")
    private long trainSize;

    @Option(names = "--distribution", defaultValue = "uniform",
            description = "training lengths: fixed, uniform, short-to-long (default: ${DEFAULT-VALUE})")
    private String distribution;

    @Option(names = "--format", defaultValue = "outcome",
            description = "supervision format: outcome, cot, acot (default: ${DEFAULT-VALUE})")
    private String format;

    @Option(names = "--seed", defaultValue = "10", description = "seed of the draw (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = {"-o", "--out"}, description = {"JSON Lines file to write; its summary goes beside it as FILE.summary.json.",
            UserPaths.OUTPUT_RULE})
    private Path out;

    @Override
    public Integer call() throws IOException {
        Group g = GroupCatalog.parse(UserPaths.groupName(group, "--group"));
        LengthDistribution d = LengthDistribution.parse(distribution);
        Format f = Format.parse(format);
        Path summaryFile = null;
        if (out != null) {
            UserPaths.writableFile(out, "--out");
            summaryFile = UserPaths.writableFile(out.resolveSibling(out.getFileName() + ".summary.json"), "summary");
        }
        MemoryLimits.of(null).checkHeap("a dataset of " + trainSize + " sequences up to length " + maxLength,
                DatasetSampler.heapBytes(g.order(), d, Math.max(2, Math.min(maxLength, DatasetSampler.MAX_LENGTH)),
                        Math.max(trainSize, 0)), "");
        Dataset dataset = DatasetSampler.sample(g, d, maxLength, trainSize, seed);
        DatasetSummary summary = DatasetSummary.of(g, d, maxLength, seed, dataset);
        ObjectMapper json = new ObjectMapper();
        if (out == null) {
            writeSamples(json, System.out, g, f, dataset);
            printSummary(spec.commandLine().getErr(), summary);
        } else {
            AtomicFile.write(out, file -> writeSamples(json, file, g, f, dataset));
            AtomicFile.write(summaryFile, file -> json.copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(file, summary));
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.printf("wrote %d samples to %s and the summary to %s%n",
                    dataset.train().size() + dataset.validation().size(), out, summaryFile);
            printSummary(stdout, summary);
        }
        return 0;
    }

    private static void writeSamples(ObjectMapper json, OutputStream sink, Group g, Format f, Dataset dataset)
            throws IOException {
        Vocabulary vocabulary = new Vocabulary(g.order());
        JsonGenerator gen = json.getFactory().createGenerator(sink, JsonEncoding.UTF8);
        gen.setRootValueSeparator(null);
        writeSplit(gen, "validation", dataset.validation(), g, f, vocabulary);
        writeSplit(gen, "train", dataset.train(), g, f, vocabulary);
        gen.flush();
    }

    /** One sample object at a time: the dataset stays packed however many lines are written. */
    private static void writeSplit(JsonGenerator gen, String split, PackedSequences samples, Group g, Format f,
                                   Vocabulary vocabulary) throws IOException {
        boolean permutations = g instanceof PermutationGroup;
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.sample(i);
            EncodedSample e = f.encode(s, vocabulary);
            gen.writeStartObject();
            gen.writeStringField("split", split);
            gen.writeNumberField("length", s.length());
            writeInts(gen, "elements", s.elements());
            if (permutations) {
                writeLabels(gen, "elements_one_line", s.elements(), g);
            }
            writeInts(gen, "states", s.states());
            if (permutations) {
                writeLabels(gen, "states_one_line", s.states(), g);
            }
            writeInts(gen, "stream", f.stream(e));
            int[] positions = f.supervisedPositions(e);
            writeInts(gen, "supervised_positions", positions);
            int[] targets = new int[positions.length];
            for (int j = 0; j < positions.length; j++) {
                targets[j] = e.target()[positions[j]];
            }
            writeInts(gen, "targets", targets);
            gen.writeEndObject();
            gen.writeRaw('\n');
        }
    }

    private static void writeInts(JsonGenerator gen, String field, int[] values) throws IOException {
        gen.writeFieldName(field);
        gen.writeArray(values, 0, values.length);
    }

    private static void writeLabels(JsonGenerator gen, String field, int[] elements, Group g) throws IOException {
        gen.writeArrayFieldStart(field);
        for (int e : elements) {
            gen.writeString(g.label(e));
        }
        gen.writeEndArray();
    }

    private static void printSummary(PrintWriter w, DatasetSummary summary) {
        w.printf("%s, %s, L=%d, seed %d%n", summary.group(), summary.distribution().id(), summary.maxLength(),
                summary.seed());
        w.printf("%-10s %6s %8s  %s%n", "split", "length", "samples", "sequences of this length");
        for (DatasetSummary.Row r : summary.rows()) {
            w.printf("%-10s %6d %8d  %s%n", r.split(), r.length(), r.samples(), r.available());
        }
        w.flush();
    }
}
