package npukit.arch.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A chip with some fields changed, the fields named by their dotted paths in chip files
 * ({@code array.rows}, {@code sram.scratchpad-kib}, {@code quant.rounding}): what a sweep point or a
 * script's {@code chip.with_(rows=32)} is. The variant is validated like a chip file, so an error names
 * the source, the field and the value. Its name is the base's with a suffix that digests the changes,
 * so different variants never share a name (nor a config hash) and the same changes always give the same.
 */
public final class ChipVariants {

    private static final Map<String, List<String>> SECTIONS = Map.of(
            "array", ChipConfigTree.ARRAY_KEYS, "sram", ChipConfigTree.SRAM_KEYS, "hbm", ChipConfigTree.HBM_KEYS,
            "quant", ChipConfigTree.QUANT_KEYS, "clock", ChipConfigTree.CLOCK_KEYS);

    private ChipVariants() {
    }

    /** Every field a variant may change, as {@code section.key}, in file order. */
    public static List<String> fields() {
        List<String> out = new ArrayList<>();
        for (String section : ChipConfigTree.TOP_KEYS) {
            for (String key : SECTIONS.getOrDefault(section, List.of())) {
                out.add(section + "." + key);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Every field's value on {@code chip}: numbers, strings and booleans as a chip file writes them. */
    public static Map<String, Object> values(ChipConfig chip) {
        ObjectNode tree = ChipConfigTree.toTree(chip, true);
        Map<String, Object> out = new LinkedHashMap<>();
        for (String field : fields()) {
            JsonNode v = tree.get(section(field)).get(key(field));
            out.put(field, v.isTextual() ? v.textValue() : v.isBoolean() ? v.booleanValue() : v.numberValue());
        }
        return out;
    }

    /**
     * {@code base} with each field of {@code changes} set to its value (an Integer, Long, Double, String
     * or Boolean, as a chip file would hold it). An unknown field or a value the chip does not accept is
     * a {@link ConfigFileException} that names {@code source}, the field and the value.
     */
    public static ChipConfig with(ChipConfig base, Map<String, ?> changes, Path source) {
        ObjectNode tree = ChipConfigTree.toTree(base);
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, ?> e : changes.entrySet()) {
            String field = e.getKey();
            if (!fields().contains(field)) {
                throw ConfigFileException.at(source, field + ": not a chip field; fields: " + String.join(", ", fields()));
            }
            ((ObjectNode) tree.get(section(field))).set(key(field), node(e.getValue()));
            text.append(field).append('=').append(e.getValue()).append(';');
        }
        if (!changes.isEmpty()) {
            tree.put("name", name(base.name(), text.toString()));
            tree.put("description", base.description() + (base.description().isEmpty() ? "" : " ")
                    + "Variant: " + text.substring(0, text.length() - 1).replace(";", ", ") + ".");
        }
        return ChipConfigTree.fromTree(tree, source);
    }

    private static String name(String base, String changes) {
        CRC32 crc = new CRC32();
        crc.update(changes.getBytes(StandardCharsets.UTF_8));
        String suffix = String.format("-%08x", crc.getValue());
        return base.substring(0, Math.min(base.length(), 64 - suffix.length())) + suffix;
    }

    private static JsonNode node(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value instanceof Integer i) {
            return f.numberNode(i);
        }
        if (value instanceof Long l) {
            return f.numberNode(l);
        }
        if (value instanceof Double d) {
            return f.numberNode(d);
        }
        if (value instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (value instanceof String s) {
            return f.textNode(s);
        }
        return value == null ? f.nullNode() : f.textNode(value.toString());
    }

    private static String section(String field) {
        return field.substring(0, field.indexOf('.'));
    }

    private static String key(String field) {
        return field.substring(field.indexOf('.') + 1);
    }
}
