package dev.statetrack.task;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Per split and length: how many samples a dataset holds and how many sequences of that length exist. */
public record DatasetSummary(String group, int groupOrder, LengthDistribution distribution, int maxLength,
                             long seed, List<Row> rows) {

    /** {@code available} is k^n as a decimal string: it overflows every integer type (100^30). */
    public record Row(String split, int length, int samples, String available) {
    }

    public static DatasetSummary of(Group group, LengthDistribution distribution, int maxLength, long seed,
                                    Dataset dataset) {
        List<Row> rows = new ArrayList<>();
        addRows(rows, "train", dataset.train(), group.order(), maxLength);
        addRows(rows, "validation", dataset.validation(), group.order(), maxLength);
        return new DatasetSummary(group.name(), group.order(), distribution, maxLength, seed, List.copyOf(rows));
    }

    private static void addRows(List<Row> rows, String split, PackedSequences samples, int k, int maxLength) {
        int[] counts = new int[maxLength + 1];
        for (int i = 0; i < samples.size(); i++) {
            counts[samples.length(i)]++;
        }
        for (int n = 2; n <= maxLength; n++) {
            if (counts[n] > 0) {
                BigInteger available = SequenceSpace.sequencesOfLength(k, n);
                rows.add(new Row(split, n, counts[n], available.toString()));
            }
        }
    }
}
