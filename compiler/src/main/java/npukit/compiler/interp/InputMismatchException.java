package npukit.compiler.interp;

import npukit.arch.io.UserException;

/**
 * Inputs that do not fit the graph they are given to: a missing or unknown input, or a tensor of the
 * wrong element type or shape. A user error: the message names the input, the type it needs and the
 * one it got.
 */
public final class InputMismatchException extends UserException {

    public InputMismatchException(String message) {
        super(message);
    }
}
