package npukit.runner;

import npukit.arch.io.UserException;

/**
 * Input the user can fix (a model, data or spec file, a name, a value): the message names the file,
 * the field and the value, and a command reports it as one line with exit code 2.
 */
public final class InputException extends UserException {

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
