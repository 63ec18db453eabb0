package npukit.isa;

import npukit.arch.io.UserException;

/** Assembler text that cannot be read; the message starts with {@code <source>:<line>:} (or {@code <source>:}). */
public final class AssemblyException extends UserException {

    private final String source;
    private final int line;

    public AssemblyException(String source, int line, String problem) {
        super(source + ":" + line + ": " + problem);
        this.source = source;
        this.line = line;
    }

    /** A problem with the source as a whole (it cannot be read); {@link #line()} is 0. */
    public AssemblyException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
        this.line = 0;
    }

    public String source() {
        return source;
    }

    /** 1-based line number. */
    public int line() {
        return line;
    }
}
