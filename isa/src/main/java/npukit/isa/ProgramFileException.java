package npukit.isa;

import java.nio.file.Path;
import npukit.arch.io.UserException;

/** A .npub file that is corrupt, truncated or built for another chip; the message names the file. */
public final class ProgramFileException extends UserException {

    public ProgramFileException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public ProgramFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
