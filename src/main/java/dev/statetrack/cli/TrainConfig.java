package dev.statetrack.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The settings of {@code train --config FILE}: a YAML mapping whose keys are the option names
 * without dashes, e.g. {@code max-length: 10}. Absent keys are null (the flag or default applies).
 */
record TrainConfig(String group, String format, String distribution, Integer maxLength, Long trainSize,
                   String model, Integer layers, Integer width, Integer heads, Integer embedding,
                   Boolean normalizeState, Double lr, Long seed, Integer steps, Integer batchSize, Double epsilon,
                   Integer evalEvery, Integer threads, Integer probeMaxLength) {

    static final TrainConfig EMPTY = new TrainConfig(null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null);

    static TrainConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config file '" + file + "' does not exist");
        }
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            TrainConfig config = mapper.readValue(file.toFile(), TrainConfig.class);
            return config == null ? EMPTY : config;
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("unknown key '" + e.getPropertyName() + "' in " + file
                    + "; allowed: the train options without dashes, e.g. max-length, train-size, lr");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot read config " + file + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config " + file + ": " + e.getMessage());
        }
    }
}
