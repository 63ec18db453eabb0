package npukit.isa;

/** Assembler text that cannot be read; the message starts with {@code <source>:<line>:}. */
public final class AssemblyException extends RuntimeException {

    private final String source;
    private final int line;

    public AssemblyException(String source, int line, String problem) {
        super(source + ":" + line + ": " + problem);
        this.source = source;
        this.line = line;
    }

    public String source() {
        return source;
    }

    /** 1-based line number. */
    public int line() {
        return line;
    }
}
