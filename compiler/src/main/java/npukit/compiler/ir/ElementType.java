package npukit.compiler.ir;

/** The element types a tensor of the IR can hold, with their short names in the canonical text. */
public enum ElementType {
    FLOAT("f32", true, 0, 0),
    INT8("i8", false, Byte.MIN_VALUE, Byte.MAX_VALUE),
    UINT8("u8", false, 0, 255),
    INT32("i32", false, Integer.MIN_VALUE, Integer.MAX_VALUE),
    INT64("i64", false, Long.MIN_VALUE, Long.MAX_VALUE);

    private final String text;
    private final boolean floating;
    private final long min;
    private final long max;

    ElementType(String text, boolean floating, long min, long max) {
        this.text = text;
        this.floating = floating;
        this.min = min;
        this.max = max;
    }

    /** The short name used in the canonical text, e.g. {@code f32}, {@code u8}. */
    public String text() {
        return text;
    }

    public boolean isFloating() {
        return floating;
    }

    /** The smallest value of an integer type. */
    public long min() {
        requireInteger();
        return min;
    }

    /** The largest value of an integer type. */
    public long max() {
        requireInteger();
        return max;
    }

    /** Clamps an integer to this type's range. */
    public long saturate(long value) {
        requireInteger();
        return Math.max(min, Math.min(max, value));
    }

    /** Wraps an integer into this type's range, as two's complement arithmetic of its width does. */
    public long wrap(long value) {
        return switch (this) {
            case INT8 -> (byte) value;
            case UINT8 -> value & 0xFF;
            case INT32 -> (int) value;
            case INT64 -> value;
            case FLOAT -> throw new IllegalStateException("FLOAT is not an integer type");
        };
    }

    public boolean contains(long value) {
        return !floating && value >= min && value <= max;
    }

    private void requireInteger() {
        if (floating) {
            throw new IllegalStateException(this + " is not an integer type");
        }
    }
}
