package npukit.testbench;

/** Generating, verilating, compiling or loading an RTL model failed; the message says which step. */
public final class RtlBuildException extends RuntimeException {

    public RtlBuildException(String message) {
        super(message);
    }

    public RtlBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
