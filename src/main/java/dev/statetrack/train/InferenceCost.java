package dev.statetrack.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One measurement of {@link InferenceBenchmark}: what generating one token costs a model at one context
 * length and batch size, with or without its cache.
 *
 * @param model          the name the model goes by (a study's model name, or its kind)
 * @param length         the generated token's position: the context it sees, itself included
 * @param cache          true: one incremental step (the transformer's key/value cache, a recurrent model's
 *                       state); false: a full forward pass over the whole prefix
 * @param msPerToken     median step time divided by the batch size; null when skipped
 * @param msPerStep      median time of the step that generates one token for every sequence of the batch
 * @param peakBytes      largest sum of the live tensors during the step (parameters, cache or state, and
 *                       the step's activations), where views count as copies; null when skipped
 * @param rssGrowthBytes largest growth of the process's resident memory over a step (see ResidentMemory);
 *                       null where /proc is not available or when skipped
 * @param flopsPerToken  {@code ModelFlops.decodingPerToken}
 * @param skipped        why the point was not measured (it would need more memory than allowed); null if measured
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferenceCost(String model, String kind, long parameters, int vocab, int length, int batch,
                            boolean cache, Double msPerToken, Double msPerStep, Long peakBytes,
                            Long rssGrowthBytes, long flopsPerToken, int repeats, int threads, String machine,
                            String skipped) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    public boolean measured() {
        return skipped == null;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a file of {@link #toJson} lines, as {@code statetrack cost --json} prints them. */
    public static List<InferenceCost> readLines(Path file) {
        List<InferenceCost> rows = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    rows.add(JSON.readValue(line, InferenceCost.class));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read inference costs from " + file + ": " + e.getMessage(), e);
        }
        return rows;
    }
}
