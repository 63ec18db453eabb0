package npukit.arch.config;

import java.nio.file.Path;
import npukit.arch.io.UserException;

/**
 * A config file that cannot be used. The message is complete and meant for a person: it starts with
 * the file (and the line, where there is one), then names the field and the value at fault.
 */
public final class ConfigFileException extends UserException {

    private final Path file;

    private ConfigFileException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** {@code <file>: <detail>}. */
    public static ConfigFileException at(Path file, String detail) {
        return new ConfigFileException(file, file + ": " + detail, null);
    }

    /** {@code <file>: <detail>}, keeping the underlying cause. */
    public static ConfigFileException at(Path file, String detail, Throwable cause) {
        return new ConfigFileException(file, file + ": " + detail, cause);
    }

    /** {@code <file>:<line>: <detail>}, for errors tied to one line of text. */
    public static ConfigFileException atLine(Path file, long line, String detail) {
        return new ConfigFileException(file, file + ":" + line + ": " + detail, null);
    }

    /** {@code <file>:<line>:<column>: <detail>}, for syntax errors. */
    public static ConfigFileException atColumn(Path file, long line, long column, String detail, Throwable cause) {
        return new ConfigFileException(file, file + ":" + line + ":" + column + ": " + detail, cause);
    }

    public Path file() {
        return file;
    }
}
