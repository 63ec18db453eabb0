package npukit.scripting;

import npukit.arch.io.UserException;

/**
 * A script's mistake: a bad argument to a facade function, or the script itself failing (a Python
 * exception, a syntax error, a missing file). {@code npu script} prints it on one line with the script's
 * file and line, and exits 2.
 */
public final class ScriptError extends UserException {

    public ScriptError(String message) {
        super(message);
    }

    public ScriptError(String message, Throwable cause) {
        super(message, cause);
    }
}
