package npukit.arch.io;

/**
 * An error the user can fix: a bad input file, option or value, or an output the user asked for that
 * cannot be written. The message is one complete line for a person, naming the file, field and value.
 * Every user-facing exception of the toolkit extends this type, and the {@code npu} command maps
 * exactly these to exit code 2; any other exception is an internal error (a bug).
 */
public class UserException extends RuntimeException {

    /** Values echoed in messages are cut to this many characters. */
    public static final int MAX_VALUE_CHARS = 80;

    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A value as it may appear in a message: control and non-printable characters escaped, and cut
     * after {@value #MAX_VALUE_CHARS} characters with the full length stated, so that a 5 MB token
     * or binary garbage in an input file does not become a 5 MB error line.
     */
    public static String excerpt(CharSequence value) {
        if (value == null) {
            return "null";
        }
        StringBuilder s = new StringBuilder();
        int n = value.length();
        int i = 0;
        for (; i < n && s.length() < MAX_VALUE_CHARS; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7F || c >= 0xA0 && Character.isLetterOrDigit(c)) {
                s.append(c);
            } else {
                s.append(String.format("\\u%04x", (int) c));
            }
        }
        if (i < n) {
            s.append("... (").append(n).append(" characters)");
        }
        return s.toString();
    }
}
