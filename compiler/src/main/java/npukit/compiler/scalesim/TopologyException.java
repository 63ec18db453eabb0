package npukit.compiler.scalesim;

import java.nio.file.Path;
import npukit.arch.io.UserException;

/** A SCALE-Sim topology file that cannot be read; the message names the file, the line, the field and the value. */
public final class TopologyException extends UserException {

    private final Path file;

    private TopologyException(Path file, String location, String detail, Throwable cause) {
        super(location + ": " + detail, cause);
        this.file = file;
    }

    /** {@code <file>: <detail>}. */
    TopologyException(Path file, String detail, Throwable cause) {
        this(file, file.toString(), detail, cause);
    }

    /** {@code <file>:<line>: <detail>}. */
    static TopologyException atLine(Path file, int line, String detail) {
        return new TopologyException(file, file + ":" + line, detail, null);
    }

    public Path file() {
        return file;
    }
}
