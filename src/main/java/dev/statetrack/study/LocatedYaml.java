package dev.statetrack.study;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML document read into a tree that remembers where each value starts, so that every mistake in
 * a study file or a {@code train --config} file is one line {@code FILE:LINE:COLUMN: key.path: what
 * is wrong}. Paths are written {@code training.learning-rates[1]}; a missing key is reported at the
 * mapping that lacks it.
 */
public final class LocatedYaml {

    private static final YAMLFactory FACTORY = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String source;
    private final Map<String, JsonLocation> locations = new HashMap<>();
    private JsonNode root;

    private LocatedYaml(String source) {
        this.source = source;
    }

    /**
     * @param source the file name (or "preset NAME") that starts every message
     * @return the document; an empty document is a null root
     * @throws IllegalArgumentException for a syntax error, with its line and column
     */
    public static LocatedYaml parse(String text, String source) {
        LocatedYaml yaml = new LocatedYaml(source);
        try (JsonParser parser = FACTORY.createParser(text)) {
            yaml.root = parser.nextToken() == null ? null : yaml.read(parser, "");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String problem = e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null
                    ? marked.getProblem() : e.getOriginalMessage().lines().findFirst().orElse("syntax error");
            throw new IllegalArgumentException(yaml.position(at) + ": not valid YAML: " + problem);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": cannot read: " + e.getMessage(), e);
        }
        return yaml;
    }

    public JsonNode root() {
        return root;
    }

    /** A mistake at a key path, located at the value there or, for a missing key, at its parent. */
    public IllegalArgumentException error(String path, String problem) {
        return new IllegalArgumentException(position(locate(path)) + ": " + (path.isEmpty() ? "" : path + ": ")
                + problem);
    }

    private JsonLocation locate(String path) {
        String p = path;
        while (!p.isEmpty() && !locations.containsKey(p)) {
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return locations.get(p);
    }

    private String position(JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? source : source + ":" + at.getLineNr() + ":" + at.getColumnNr();
    }

    private JsonNode read(JsonParser parser, String path) throws IOException {
        locations.put(path, parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    String child = path.isEmpty() ? key : path + "." + key;
                    if (object.has(key)) {
                        locations.put(child, parser.currentTokenLocation());
                        throw error(child, "the key appears twice");
                    }
                    parser.nextToken();
                    object.set(key, read(parser, child));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser, path + "[" + array.size() + "]"));
                }
                return array;
            }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(parser.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> {
                return NODES.textNode(parser.getText());
            }
        }
    }
}
