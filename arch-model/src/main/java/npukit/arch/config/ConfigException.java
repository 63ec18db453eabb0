package npukit.arch.config;

import npukit.arch.io.UserException;

/**
 * A config value that is not allowed. Carries the dotted field path, the offending value and what
 * is allowed, so a reader can prefix the file name and a person can fix the file without guessing.
 */
public final class ConfigException extends UserException {

    private final String field;
    private final String value;
    private final String allowed;

    public ConfigException(String field, Object value, String allowed) {
        super(field + " = " + UserException.excerpt(String.valueOf(value)) + ": " + allowed);
        this.field = field;
        this.value = UserException.excerpt(String.valueOf(value));
        this.allowed = allowed;
    }

    public String field() {
        return field;
    }

    public String value() {
        return value;
    }

    public String allowed() {
        return allowed;
    }

    /** The same error one level deeper, e.g. {@code rows} becomes {@code array.rows}. */
    public ConfigException under(String parent) {
        return new ConfigException(parent + "." + field, value, allowed);
    }

    static void requireRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(field, value, "must be between " + min + " and " + max);
        }
    }

    static void requirePowerOfTwo(String field, long value, long min, long max) {
        requireRange(field, value, min, max);
        if (Long.bitCount(value) != 1) {
            throw new ConfigException(field, value, "must be a power of two between " + min + " and " + max);
        }
    }

    static <T> T requireNonNull(String field, T value) {
        if (value == null) {
            throw new ConfigException(field, "null", "is required");
        }
        return value;
    }
}
