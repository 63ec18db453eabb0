package npukit.arch.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import npukit.arch.io.InputFiles;
import npukit.arch.io.OutputFile;
import npukit.arch.io.UserException;

/**
 * Reads and writes {@link ChipConfig} files: YAML ({@code .yaml}, {@code .yml}) or JSON
 * ({@code .json}), chosen by the file's extension. The layout is described in docs/chip-config.md.
 */
public final class ChipConfigIO {

    private static final String ALLOWED_EXTENSIONS = ".yaml, .yml, .json";

    // Duplicate keys would otherwise silently keep the last value; a person editing a file by hand
    // should hear about it. Strings that look like numbers (a name such as "123") are quoted so they
    // read back as strings, and long descriptions stay on one line instead of being folded.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();

    private enum Format { YAML, JSON }

    private ChipConfigIO() {
    }

    /** Reads a config; every problem is a {@link ConfigFileException} naming the file and field. */
    public static ChipConfig read(Path file) {
        formatOf(file);
        return parse(file, InputFiles.readBytes(file, InputFiles.MAX_TEXT_BYTES, ConfigFileException::at));
    }

    /**
     * A config from the bytes of a file, in the format the file's extension names; {@code file} names
     * it in errors. Every problem is a {@link ConfigFileException}.
     */
    public static ChipConfig parse(Path file, byte[] bytes) {
        ObjectMapper mapper = mapperFor(formatOf(file));
        String text = InputFiles.decode(file, bytes, ConfigFileException::at);
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String detail = "syntax error: " + UserException.excerpt(e.getOriginalMessage());
            if (at == null) {
                throw ConfigFileException.at(file, detail, e);
            }
            throw ConfigFileException.atColumn(file, at.getLineNr(), at.getColumnNr(), detail, e);
        }
        return ChipConfigTree.fromTree(tree, file);
    }

    /** YAML text, fields in the documented order. */
    public static String toYaml(ChipConfig config) {
        return write(YAML, ChipConfigTree.toTree(config), false);
    }

    /** Indented JSON text, fields in the documented order. */
    public static String toJson(ChipConfig config) {
        return write(JSON, ChipConfigTree.toTree(config), true) + "\n";
    }

    /**
     * Compact JSON with the keys of every mapping sorted, no whitespace: the text {@link ChipConfig#hash()}
     * digests. Sorting keeps the hash independent of the order fields are written in.
     */
    public static String canonicalJson(ChipConfig config) {
        return write(JSON, sorted(ChipConfigTree.toTree(config)), false);
    }

    /**
     * Writes a config in the format its extension names, through {@link OutputFile}: atomically, never
     * over anything but a regular file, and over an existing file only if {@code overwrite}.
     */
    public static void write(ChipConfig config, Path file, boolean overwrite) {
        write(config, OutputFile.of(file, overwrite));
    }

    /** Writes a config to the target in the format its extension names. */
    public static void write(ChipConfig config, OutputFile target) {
        Path file = target.target();
        String text = formatOf(file) == Format.YAML ? toYaml(config) : toJson(config);
        target.writeString(text);
    }

    private static Format formatOf(Path file) {
        Path name = file.getFileName();
        String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return Format.YAML;
        }
        if (lower.endsWith(".json")) {
            return Format.JSON;
        }
        throw ConfigFileException.at(file, "unknown config file extension; allowed: " + ALLOWED_EXTENSIONS);
    }

    private static ObjectMapper mapperFor(Format format) {
        return format == Format.YAML ? YAML : JSON;
    }

    private static String write(ObjectMapper mapper, JsonNode tree, boolean pretty) {
        try {
            return pretty ? mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tree)
                    : mapper.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings, numbers and booleans always serialises", e);
        }
    }

    private static ObjectNode sorted(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        Collections.sort(names);
        ObjectNode out = node.objectNode();
        for (String name : names) {
            JsonNode child = node.get(name);
            out.set(name, child.isObject() ? sorted((ObjectNode) child) : child);
        }
        return out;
    }
}
