package npukit.compiler.ir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A tensor with data: its type (static shape) and its elements in row-major order, held in the
 * primitive array of the element type's {@link ElementType.Storage}: {@code float[]}, {@code double[]},
 * {@code byte[]} (INT8, UINT8 read as {@code b & 0xFF}, BOOL as 0 or 1), {@code short[]} (INT16,
 * UINT16), {@code int[]} (INT32, UINT32) or {@code long[]} (INT64). The array is copied in and never
 * handed out, so a tensor cannot change.
 *
 * A shape-only tensor ({@link #shapeOnly}) has a type and no elements: a timing-only run of a SCALE-Sim
 * topology compiles from shapes alone, and its weights (millions of elements per layer) would only be
 * allocated, copied and collected. Asking one for its elements is a bug in the caller and throws.
 */
public final class Tensor {

    private final TensorType type;
    /** The elements; null for a shape-only tensor. */
    private final Object data;

    private Tensor(TensorType type, Object data) {
        this.type = type;
        this.data = data;
    }

    /** A tensor over a copy of {@code data}, which must be the array its element type's storage needs. */
    public static Tensor of(TensorType type, Object data) {
        if (!type.isStatic()) {
            throw new IrException("a tensor needs a static shape, not " + type.text());
        }
        Object copy = switch (type.elementType().storage()) {
            case FLOAT -> data instanceof float[] f ? f.clone() : null;
            case DOUBLE -> data instanceof double[] d ? d.clone() : null;
            case BYTE -> data instanceof byte[] b ? b.clone() : null;
            case SHORT -> data instanceof short[] s ? s.clone() : null;
            case INT -> data instanceof int[] i ? i.clone() : null;
            case LONG -> data instanceof long[] l ? l.clone() : null;
        };
        if (copy == null) {
            throw new IrException("a " + type.elementType() + " tensor cannot hold "
                    + (data == null ? "null" : data.getClass().getSimpleName()));
        }
        checkLength(type, java.lang.reflect.Array.getLength(copy));
        if (type.elementType() == ElementType.BOOL) {
            for (byte b : (byte[]) copy) {
                if (b != 0 && b != 1) {
                    throw new IrException("a BOOL tensor holds 0 and 1, not " + b);
                }
            }
        }
        return new Tensor(type, copy);
    }

    public static Tensor ofFloats(List<Integer> shape, float... values) {
        return of(new TensorType(ElementType.FLOAT, shape, Layout.ANY), values);
    }

    /** A tensor of {@code type} without elements, for compiling from shapes; see the class comment. */
    public static Tensor shapeOnly(TensorType type) {
        if (!type.isStatic()) {
            throw new IrException("a tensor needs a static shape, not " + type.text());
        }
        return new Tensor(type, null);
    }

    /** Whether the tensor holds its elements (false for {@link #shapeOnly} ones). */
    public boolean hasData() {
        return data != null;
    }

    /** The elements; a shape-only tensor has none, and reading them would compute on values that do not exist. */
    private Object data() {
        if (data == null) {
            throw new IllegalStateException("internal error: the shape-only tensor " + type.text()
                    + " has no elements to read (it was built for a timing-only compile from shapes)");
        }
        return data;
    }

    /** A tensor of zeros (false for BOOL). */
    public static Tensor zeros(TensorType type) {
        int n = type.elementCount();
        return new Tensor(type, switch (type.elementType().storage()) {
            case FLOAT -> new float[n];
            case DOUBLE -> new double[n];
            case BYTE -> new byte[n];
            case SHORT -> new short[n];
            case INT -> new int[n];
            case LONG -> new long[n];
        });
    }

    /**
     * A floating tensor from doubles: FLOAT rounds each to the nearest float, DOUBLE keeps them. An
     * integer type takes each value truncated toward zero and wrapped, as a C cast does (NaN is 0).
     */
    public static Tensor fromDoubles(TensorType type, double[] values) {
        checkLength(type, values.length);
        ElementType e = type.elementType();
        return switch (e.storage()) {
            case FLOAT -> {
                float[] f = new float[values.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) values[i];
                }
                yield new Tensor(type, f);
            }
            case DOUBLE -> new Tensor(type, values.clone());
            default -> {
                long[] l = new long[values.length];
                for (int i = 0; i < l.length; i++) {
                    l[i] = e == ElementType.BOOL ? (values[i] != 0 ? 1 : 0) : e.wrap((long) values[i]);
                }
                yield fromLongs(type, l);
            }
        };
    }

    /**
     * A tensor from longs. Integer types need every value in range (BOOL: 0 or 1); floating types take
     * each value converted to the nearest representable one.
     */
    public static Tensor fromLongs(TensorType type, long[] values) {
        ElementType e = type.elementType();
        checkLength(type, values.length);
        if (e.isFloating()) {
            double[] d = new double[values.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = values[i];
            }
            return fromDoubles(type, d);
        }
        for (int i = 0; i < values.length; i++) {
            if (!e.contains(values[i])) {
                throw new IrException("value " + values[i] + " at index " + i + " does not fit " + e);
            }
        }
        Object data = switch (e.storage()) {
            case BYTE -> {
                byte[] b = new byte[values.length];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) values[i];
                }
                yield b;
            }
            case SHORT -> {
                short[] s = new short[values.length];
                for (int i = 0; i < s.length; i++) {
                    s[i] = (short) values[i];
                }
                yield s;
            }
            case INT -> {
                int[] s = new int[values.length];
                for (int i = 0; i < s.length; i++) {
                    s[i] = (int) values[i];
                }
                yield s;
            }
            case LONG -> values.clone();
            case FLOAT, DOUBLE -> throw new IllegalStateException("unreachable");
        };
        return new Tensor(type, data);
    }

    /** A FLOAT tensor over a copy of {@code values}. */
    public static Tensor ofFloats(TensorType type, float[] values) {
        if (type.elementType() != ElementType.FLOAT) {
            throw new IrException("ofFloats builds FLOAT tensors, not " + type.elementType());
        }
        return of(type, values);
    }

    /** A 1-D INT64 tensor, e.g. a shape or a list of axes. */
    public static Tensor ofLongs(long... values) {
        return of(TensorType.of(ElementType.INT64, values.length), values);
    }

    /** A scalar of the given type holding {@code value} (rounded for FLOAT, wrapped for integers). */
    public static Tensor scalar(ElementType e, double value) {
        return fromDoubles(TensorType.of(e), new double[] {value});
    }

    private static TensorType checkLength(TensorType type, int length) {
        if (type.elementCount() != length) {
            throw new IrException("type " + type.text() + " needs " + type.elementCount() + " elements, got " + length);
        }
        return type;
    }

    public TensorType type() {
        return type;
    }

    public ElementType elementType() {
        return type.elementType();
    }

    public List<Integer> shape() {
        return type.shape();
    }

    public int size() {
        return type.elementCount();
    }

    /** Element {@code i} (row-major) as a double; exact for every type but INT64 beyond 2^53. */
    public double getDouble(int i) {
        return switch (type.elementType().storage()) {
            case FLOAT -> ((float[]) data())[i];
            case DOUBLE -> ((double[]) data())[i];
            default -> getLong(i);
        };
    }

    /** Element {@code i} (row-major) of an integer tensor; of a floating one, truncated toward zero. */
    public long getLong(int i) {
        return switch (type.elementType()) {
            case INT8, BOOL -> ((byte[]) data())[i];
            case UINT8 -> ((byte[]) data())[i] & 0xFF;
            case INT16 -> ((short[]) data())[i];
            case UINT16 -> ((short[]) data())[i] & 0xFFFF;
            case INT32 -> ((int[]) data())[i];
            case UINT32 -> ((int[]) data())[i] & 0xFFFF_FFFFL;
            case INT64 -> ((long[]) data())[i];
            case FLOAT -> (long) ((float[]) data())[i];
            case DOUBLE -> (long) ((double[]) data())[i];
        };
    }

    /** Every element as a double. */
    public double[] toDoubles() {
        double[] d = new double[size()];
        Object data = data();
        if (data instanceof float[] f) {
            for (int i = 0; i < d.length; i++) {
                d[i] = f[i];
            }
        } else if (data instanceof double[] dd) {
            System.arraycopy(dd, 0, d, 0, d.length);
        } else {
            for (int i = 0; i < d.length; i++) {
                d[i] = getLong(i);
            }
        }
        return d;
    }

    /** Every element as a long (floating ones truncated toward zero). */
    public long[] toLongs() {
        long[] l = new long[size()];
        Object data = data();
        if (data instanceof long[] ll) {
            System.arraycopy(ll, 0, l, 0, l.length);
        } else {
            for (int i = 0; i < l.length; i++) {
                l[i] = getLong(i);
            }
        }
        return l;
    }

    /** A copy of the elements of a FLOAT tensor. */
    public float[] toFloats() {
        if (!(data() instanceof float[] f)) {
            throw new IllegalStateException("toFloats on a " + type.elementType() + " tensor");
        }
        return f.clone();
    }

    /** The same elements under another type of equal element type and count (a reshape or relayout). */
    public Tensor withType(TensorType newType) {
        if (newType.elementType() != type.elementType() || newType.elementCount() != size()) {
            throw new IrException("cannot view " + type.text() + " as " + newType.text());
        }
        return new Tensor(newType, data);
    }

    /** A tensor of {@code newType} whose element {@code i} is this tensor's element {@code source[i]}. */
    public Tensor gather(TensorType newType, int[] source) {
        if (newType.elementType() != type.elementType()) {
            throw new IrException("gather keeps the element type " + type.elementType() + ", not " + newType.elementType());
        }
        checkLength(newType, source.length);
        Object out = switch (type.elementType().storage()) {
            case FLOAT -> {
                float[] in = (float[]) data();
                float[] o = new float[source.length];
                for (int i = 0; i < o.length; i++) {
                    o[i] = in[source[i]];
                }
                yield o;
            }
            case DOUBLE -> {
                double[] in = (double[]) data();
                double[] o = new double[source.length];
                for (int i = 0; i < o.length; i++) {
                    o[i] = in[source[i]];
                }
                yield o;
            }
            case BYTE -> {
                byte[] in = (byte[]) data();
                byte[] o = new byte[source.length];
                for (int i = 0; i < o.length; i++) {
                    o[i] = in[source[i]];
                }
                yield o;
            }
            case SHORT -> {
                short[] in = (short[]) data();
                short[] o = new short[source.length];
                for (int i = 0; i < o.length; i++) {
                    o[i] = in[source[i]];
                }
                yield o;
            }
            case INT -> {
                int[] in = (int[]) data();
                int[] o = new int[source.length];
                for (int i = 0; i < o.length; i++) {
                    o[i] = in[source[i]];
                }
                yield o;
            }
            case LONG -> {
                long[] in = (long[]) data();
                long[] o = new long[source.length];
                for (int i = 0; i < o.length; i++) {
                    o[i] = in[source[i]];
                }
                yield o;
            }
        };
        return new Tensor(newType, out);
    }

    /** Little-endian bytes of the elements, as ONNX stores raw data. */
    public byte[] rawBytes() {
        ByteBuffer buf = ByteBuffer.allocate(size() * type.elementType().bytes()).order(ByteOrder.LITTLE_ENDIAN);
        switch (type.elementType().storage()) {
            case FLOAT -> buf.asFloatBuffer().put((float[]) data());
            case DOUBLE -> buf.asDoubleBuffer().put((double[]) data());
            case BYTE -> buf.put((byte[]) data());
            case SHORT -> buf.asShortBuffer().put((short[]) data());
            case INT -> buf.asIntBuffer().put((int[]) data());
            case LONG -> buf.asLongBuffer().put((long[]) data());
        }
        return buf.array();
    }

    /** CRC-32 of the type text and the raw bytes: a short, stable fingerprint for the canonical text. */
    public String digest() {
        CRC32 crc = new CRC32();
        crc.update(type.text().getBytes(StandardCharsets.UTF_8));
        crc.update(rawBytes());
        return String.format("%08x", crc.getValue());
    }

    /** Equal types and elements; a shape-only tensor equals only a shape-only one of its type. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && t.type.equals(type) && t.hasData() == hasData()
                && (!hasData() || Arrays.equals(t.rawBytes(), rawBytes()));
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + (hasData() ? Arrays.hashCode(rawBytes()) : 0);
    }

    @Override
    public String toString() {
        return type.text() + (hasData() ? " crc32=" + digest() : " shape-only");
    }
}
