package npukit.compiler.data;

/** Input data that cannot be read; the message names the file, the line and the value. */
public class DataException extends RuntimeException {

    public DataException(String message) {
        super(message);
    }
}
