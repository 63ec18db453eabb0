package npukit.cli;

import npukit.arch.io.UserException;

/** Input the user can fix (a file, a name, a value); reported as one line and exit code 2. */
final class UserInputException extends UserException {

    UserInputException(String message) {
        super(message);
    }

    UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
