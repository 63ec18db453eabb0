package npukit.scripting;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipVariants;
import org.python.core.PyObject;

/**
 * A chip as a script sees it: the immutable, validated {@link ChipConfig} and variants of it.
 * {@code chip.with_(rows=32, dataflow="os")} names a field by its key ({@code rows},
 * {@code scratchpad_kib}: underscores for the file's hyphens) or, in a dict, by its dotted path
 * ({@code {"array.rows": 32}}); the variant is validated as a chip file is.
 */
public final class Chip {

    private final ChipConfig config;
    private final Path source;

    Chip(ChipConfig config, Path source) {
        this.config = config;
        this.source = source;
    }

    /** The validated config record. */
    public ChipConfig config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    public String hash() {
        return config.hash();
    }

    /** A field's value by key or dotted path: {@code chip.get("rows")}, {@code chip.get("quant.rounding")}. */
    public Object get(String field) {
        return ChipVariants.values(config).get(path(field));
    }

    /** This chip with fields changed: {@code with_(rows=32, cols=32)} or {@code with_({"array.rows": 32})}. */
    public Chip with_(PyObject[] args, String[] keywords) {
        Kwargs kw = new Kwargs("with_", args, keywords, 1, (String[]) null);
        Map<String, Object> changes = new LinkedHashMap<>();
        Object dict = kw.get(0, "", null);
        if (dict instanceof Map<?, ?> m) {
            m.forEach((k, v) -> changes.put(path(String.valueOf(k)), v instanceof PyObject p ? Kwargs.java(p) : v));
        } else if (dict != null) {
            throw new ScriptError("with_(): the positional argument must be a dict of field: value, got " + dict);
        }
        kw.named().forEach((k, v) -> changes.put(path(k), v));
        return new Chip(ChipVariants.with(config, changes, source), source);
    }

    /** A field's dotted path from what a script calls it: a path as it is, a key (with _ for -) when it is unique. */
    static String path(String name) {
        List<String> fields = ChipVariants.fields();
        if (fields.contains(name)) {
            return name;
        }
        String key = name.replace('_', '-');
        List<String> matches = new ArrayList<>();
        for (String f : fields) {
            if (f.substring(f.indexOf('.') + 1).equals(key) || f.equals(key)) {
                matches.add(f);
            }
        }
        if (matches.size() != 1) {
            throw new ScriptError("'" + name + "' is not a chip field; fields: " + String.join(", ", fields));
        }
        return matches.get(0);
    }

    /** One line: name, array, dataflow, scheme and rounding. */
    @Override
    public String toString() {
        var q = config.quant();
        return config.name() + " (" + config.array().shape() + " " + config.array().dataflow().fileName() + ", "
                + q.scheme().fileName() + " " + q.weightBits() + "-bit, " + q.rounding().cliName() + " rounding)";
    }
}
