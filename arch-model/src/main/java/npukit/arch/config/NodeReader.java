package npukit.arch.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import npukit.arch.io.UserException;

/**
 * Reads the fields of one mapping of a parsed config tree by hand, so that every error can name the
 * file, the dotted field path and the value, which reflection-based binding cannot do reliably.
 */
final class NodeReader {

    private final Path file;
    private final String path;
    private final JsonNode node;

    private NodeReader(Path file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** The top-level mapping, which may hold only the given keys. */
    static NodeReader root(Path file, JsonNode node, List<String> allowed) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw ConfigFileException.at(file, "the file is empty; expected a mapping of fields");
        }
        if (!node.isObject()) {
            throw ConfigFileException.at(file, "expected a mapping of fields at the top level, got " + kind(node));
        }
        NodeReader reader = new NodeReader(file, "", node);
        reader.allowOnly(allowed);
        return reader;
    }

    /** A nested mapping, which may hold only the given keys. */
    NodeReader section(String key, List<String> allowed) {
        JsonNode child = required(key);
        if (!child.isObject()) {
            throw typeError(key, child, "a mapping of fields");
        }
        NodeReader reader = new NodeReader(file, pathOf(key), child);
        reader.allowOnly(allowed);
        return reader;
    }

    /** A nested mapping that may be absent (null then), holding only the given keys. */
    NodeReader optionalSection(String key, List<String> allowed) {
        return node.has(key) ? section(key, allowed) : null;
    }

    private void allowOnly(List<String> allowed) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ConfigFileException.at(file,
                        pathOf(UserException.excerpt(name)) + ": unknown field; allowed: " + String.join(", ", allowed));
            }
        }
    }

    int integer(String key) {
        JsonNode value = required(key);
        if (!value.isIntegralNumber()) {
            throw typeError(key, value, "an integer");
        }
        if (!value.canConvertToInt()) {
            throw typeError(key, value, "an integer that fits in 32 bits");
        }
        return value.intValue();
    }

    int integer(String key, int absent) {
        return node.has(key) ? integer(key) : absent;
    }

    long longInteger(String key) {
        JsonNode value = required(key);
        if (!value.isIntegralNumber()) {
            throw typeError(key, value, "an integer");
        }
        if (!value.canConvertToLong()) {
            throw typeError(key, value, "an integer that fits in 64 bits");
        }
        return value.longValue();
    }

    double number(String key) {
        JsonNode value = required(key);
        if (!value.isNumber()) {
            throw typeError(key, value, "a number");
        }
        return value.doubleValue();
    }

    double number(String key, double absent) {
        return node.has(key) ? number(key) : absent;
    }

    boolean bool(String key) {
        JsonNode value = required(key);
        if (!value.isBoolean()) {
            throw typeError(key, value, "true or false");
        }
        return value.booleanValue();
    }

    boolean bool(String key, boolean absent) {
        return node.has(key) ? bool(key) : absent;
    }

    String text(String key) {
        JsonNode value = required(key);
        if (!value.isTextual()) {
            throw typeError(key, value, "a string");
        }
        return value.textValue();
    }

    String text(String key, String absent) {
        return node.has(key) ? text(key) : absent;
    }

    /** One of an enum's file names; an unknown name lists the valid ones. */
    <E extends Enum<E>> E choice(String key, E[] values, Function<E, String> fileName) {
        String text = text(key);
        for (E value : values) {
            if (fileName.apply(value).equals(text)) {
                return value;
            }
        }
        String valid = Arrays.stream(values).map(fileName).collect(Collectors.joining(", "));
        throw ConfigFileException.at(file, pathOf(key) + " = " + UserException.excerpt(text) + ": must be one of " + valid);
    }

    /** Builds a record from fields already read, reporting its validation errors under this mapping. */
    <T> T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (ConfigException e) {
            ConfigException located = path.isEmpty() ? e : e.under(path);
            throw ConfigFileException.at(file, located.getMessage(), e);
        }
    }

    private JsonNode required(String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            throw ConfigFileException.at(file, pathOf(key) + ": missing");
        }
        return value;
    }

    private ConfigFileException typeError(String key, JsonNode value, String expected) {
        return ConfigFileException.at(file,
                pathOf(key) + " = " + UserException.excerpt(value.toString()) + ": expected " + expected + ", got " + kind(value));
    }

    private String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String kind(JsonNode value) {
        if (value.isTextual()) {
            return "a string";
        }
        if (value.isIntegralNumber()) {
            return "an integer";
        }
        if (value.isNumber()) {
            return "a number with a fraction";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        return "nothing (null)";
    }
}
