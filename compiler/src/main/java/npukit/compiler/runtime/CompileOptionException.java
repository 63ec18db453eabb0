package npukit.compiler.runtime;

import npukit.arch.io.UserException;

/** A compile option that does not fit the model (a --host-layer that names no layer): a user error. */
public final class CompileOptionException extends UserException {

    public CompileOptionException(String message) {
        super(message);
    }
}
