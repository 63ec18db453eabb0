package npukit.arch.io;

import java.nio.file.Path;

/** A file that cannot be written where the user asked: {@code <target>: <problem>}. */
public final class OutputFileException extends UserException {

    private final Path target;

    public OutputFileException(Path target, String problem, Throwable cause) {
        super(target + ": " + problem, cause);
        this.target = target;
    }

    public Path target() {
        return target;
    }
}
