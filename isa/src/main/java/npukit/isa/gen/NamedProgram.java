package npukit.isa.gen;

import java.util.Objects;
import npukit.isa.Program;

/**
 * A regression program with a stable name (for reports and file names) and a line saying what it
 * exercises.
 */
public record NamedProgram(String name, String description, Program program) {

    public NamedProgram {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("program name = '" + name + "': must be lower-case words joined by '-'");
        }
        Objects.requireNonNull(description, "program description is required");
        Objects.requireNonNull(program, "program is required");
    }
}
