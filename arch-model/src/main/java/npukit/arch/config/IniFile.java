package npukit.arch.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.arch.io.InputFiles;
import npukit.arch.io.UserException;

/**
 * The INI dialect SCALE-Sim's configs use: {@code [section]} headers, {@code key: value} or
 * {@code key = value} lines, blank lines and {@code #} or {@code ;} comment lines. Keys keep their
 * case. Each value remembers its line so errors can point at it.
 */
final class IniFile {

    /** One value and the 1-based line it came from. */
    record Entry(String key, String value, int line) {
    }

    private final Path file;
    private final Map<String, Map<String, Entry>> sections;

    private IniFile(Path file, Map<String, Map<String, Entry>> sections) {
        this.file = file;
        this.sections = sections;
    }

    static IniFile read(Path file) {
        return parse(file, InputFiles.readText(file, ConfigFileException::at));
    }

    /** The text of a file; {@code file} names it in errors. */
    static IniFile parse(Path file, String text) {
        List<String> lines = text.lines().toList();
        Map<String, Map<String, Entry>> sections = new LinkedHashMap<>();
        Map<String, Entry> current = null;
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw ConfigFileException.atLine(file, lineNo, "expected a section header '[name]', got '" + UserException.excerpt(line) + "'");
                }
                String name = line.substring(1, line.length() - 1).strip();
                if (sections.containsKey(name)) {
                    throw ConfigFileException.atLine(file, lineNo, "section [" + UserException.excerpt(name) + "] appears twice");
                }
                current = new LinkedHashMap<>();
                sections.put(name, current);
                continue;
            }
            int colon = line.indexOf(':');
            int equals = line.indexOf('=');
            int split = colon < 0 ? equals : equals < 0 ? colon : Math.min(colon, equals);
            if (split <= 0) {
                throw ConfigFileException.atLine(file, lineNo, "expected 'key: value' or 'key = value', got '" + UserException.excerpt(line) + "'");
            }
            if (current == null) {
                throw ConfigFileException.atLine(file, lineNo, "'" + UserException.excerpt(line) + "' comes before any [section] header");
            }
            String key = line.substring(0, split).strip();
            if (current.containsKey(key)) {
                throw ConfigFileException.atLine(file, lineNo, UserException.excerpt(key) + " appears twice in its section (first on line "
                        + current.get(key).line() + ")");
            }
            current.put(key, new Entry(key, line.substring(split + 1).strip(), lineNo));
        }
        return new IniFile(file, sections);
    }

    Path file() {
        return file;
    }

    boolean hasSection(String section) {
        return sections.containsKey(section);
    }

    Optional<Entry> get(String section, String key) {
        return Optional.ofNullable(sections.getOrDefault(section, Map.of()).get(key));
    }

    /** Sections in file order, each with its entries in file order. */
    Map<String, Map<String, Entry>> sections() {
        return Collections.unmodifiableMap(sections);
    }
}
