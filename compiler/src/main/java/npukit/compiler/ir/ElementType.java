package npukit.compiler.ir;

/**
 * The element types a tensor of the IR can hold, with their short names in the canonical text, their
 * range (integer types) and the Java array that stores them ({@link Storage}).
 */
public enum ElementType {
    FLOAT("f32", Storage.FLOAT, 0, 0),
    DOUBLE("f64", Storage.DOUBLE, 0, 0),
    INT8("i8", Storage.BYTE, Byte.MIN_VALUE, Byte.MAX_VALUE),
    UINT8("u8", Storage.BYTE, 0, 255),
    INT16("i16", Storage.SHORT, Short.MIN_VALUE, Short.MAX_VALUE),
    UINT16("u16", Storage.SHORT, 0, 65535),
    INT32("i32", Storage.INT, Integer.MIN_VALUE, Integer.MAX_VALUE),
    UINT32("u32", Storage.INT, 0, 0xFFFF_FFFFL),
    INT64("i64", Storage.LONG, Long.MIN_VALUE, Long.MAX_VALUE),
    BOOL("bool", Storage.BYTE, 0, 1);

    /** The primitive array a tensor of the type keeps its elements in. */
    public enum Storage { FLOAT, DOUBLE, BYTE, SHORT, INT, LONG }

    private final String text;
    private final Storage storage;
    private final long min;
    private final long max;

    ElementType(String text, Storage storage, long min, long max) {
        this.text = text;
        this.storage = storage;
        this.min = min;
        this.max = max;
    }

    /** The short name used in the canonical text, e.g. {@code f32}, {@code u8}. */
    public String text() {
        return text;
    }

    public Storage storage() {
        return storage;
    }

    public boolean isFloating() {
        return storage == Storage.FLOAT || storage == Storage.DOUBLE;
    }

    /** Integer types, BOOL included (its elements are 0 and 1). */
    public boolean isInteger() {
        return !isFloating();
    }

    /** Signed and unsigned integer types, not BOOL. */
    public boolean isNumericInteger() {
        return isInteger() && this != BOOL;
    }

    /** Bytes per element as ONNX stores them. */
    public int bytes() {
        return switch (storage) {
            case BYTE -> 1;
            case SHORT -> 2;
            case FLOAT, INT -> 4;
            case DOUBLE, LONG -> 8;
        };
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

    /** Wraps an integer into this type's range, as two's complement arithmetic of its width does; BOOL is nonzero. */
    public long wrap(long value) {
        return switch (this) {
            case INT8 -> (byte) value;
            case UINT8 -> value & 0xFF;
            case INT16 -> (short) value;
            case UINT16 -> value & 0xFFFF;
            case INT32 -> (int) value;
            case UINT32 -> value & 0xFFFF_FFFFL;
            case INT64 -> value;
            case BOOL -> value != 0 ? 1 : 0;
            case FLOAT, DOUBLE -> throw new IllegalStateException(this + " is not an integer type");
        };
    }

    public boolean contains(long value) {
        return !isFloating() && value >= min && value <= max;
    }

    private void requireInteger() {
        if (isFloating()) {
            throw new IllegalStateException(this + " is not an integer type");
        }
    }
}
