package npukit.compiler.data;

import npukit.arch.io.UserException;

/** Input data that cannot be read; the message names the file, the line and the value. */
public class DataException extends UserException {

    public DataException(String message) {
        super(message);
    }
}
