package npukit.cli;

/** Input the user can fix (a file, a name, a value); reported as one line and exit code 2. */
final class UserInputException extends RuntimeException {

    UserInputException(String message) {
        super(message);
    }

    UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
