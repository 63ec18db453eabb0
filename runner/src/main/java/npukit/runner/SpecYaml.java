package npukit.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipConfigIO;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.ChipVariants;
import npukit.arch.io.InputFiles;
import npukit.arch.io.UserException;

/**
 * What the YAML spec readers (sweeps, regression suites) share: reading the file strictly (a key given
 * twice is an error), typed values, unknown keys, chips named by preset or file, paths relative to the
 * spec. Every error is an {@link InputException} that starts with the file and names the key and value.
 *
 * @param file the spec, named in every error
 */
public record SpecYaml(Path file) {

    private static final ObjectMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** The file's top-level mapping; anything else is an error that says what the mapping holds ({@code expected}). */
    public JsonNode root(String expected) {
        return root(InputFiles.readText(file, (f, problem) -> new InputException(f + ": " + problem)), expected);
    }

    /** As {@link #root(String)}, from the file's {@code text} already read (sent to another process). */
    public JsonNode root(String text, String expected) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw error("not valid YAML: " + UserException.excerpt(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw error("expected a mapping with " + expected);
        }
        return root;
    }

    /** A chip preset's name or a chip file (relative to the spec); {@code where} names the key. */
    public ChipConfig chip(String name, String where) {
        if (ChipPresets.names().contains(name)) {
            return ChipPresets.get(name);
        }
        Path chip = resolve(name);
        if (!name.contains(".") || !Files.isRegularFile(chip)) {
            throw error(where + " = " + UserException.excerpt(name) + ": neither a preset (" + String.join(", ",
                    ChipPresets.names()) + ") nor a chip file");
        }
        try {
            return ChipConfigIO.read(chip);
        } catch (UserException e) {
            throw error(where + ": " + e.getMessage());
        }
    }

    /** A chip field's dotted path ({@code array.rows}); anything else lists the fields. */
    public String field(String key, String where) {
        if (!ChipVariants.fields().contains(key)) {
            throw error(where + ": " + UserException.excerpt(key) + ": not a chip field; fields: "
                    + String.join(", ", ChipVariants.fields()));
        }
        return key;
    }

    /** A number (Integer, Long or Double), text or boolean, as a chip file holds it. */
    public Object scalar(JsonNode v, String where) {
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        throw error(where + ": " + UserException.excerpt(v.toString()) + ": expected a number, text or true/false");
    }

    public long integer(JsonNode v, String where) {
        if (v == null) {
            throw error(where + ": missing");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw error(where + " = " + UserException.excerpt(v.toString()) + ": expected an integer");
        }
        return v.longValue();
    }

    public String text(JsonNode v, String where) {
        if (v == null || !v.isValueNode() || v.isNull()) {
            throw error(where + ": expected a value, got " + (v == null ? "nothing" : UserException.excerpt(v.toString())));
        }
        return v.asText();
    }

    /** Refuses a key of {@code node} that is not in {@code allowed}; {@code where} prefixes the key. */
    public void allowOnly(JsonNode node, List<String> allowed, String where) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!allowed.contains(n)) {
                throw error(where + UserException.excerpt(n) + ": unknown key; allowed: " + String.join(", ", allowed));
            }
        }
    }

    /** A path as written in the spec: relative ones are relative to the spec's folder. */
    public Path resolve(String name) {
        Path p = Path.of(name);
        Path dir = file.toAbsolutePath().getParent();
        return p.isAbsolute() || dir == null ? p : dir.resolve(p).normalize();
    }

    public InputException error(String detail) {
        return new InputException(file + ": " + detail);
    }
}
