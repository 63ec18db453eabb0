package npukit.compiler.ir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A tensor with data: its type (static shape) and its elements in row-major order, held in the
 * primitive array of the element type: {@code float[]} for FLOAT, {@code byte[]} for INT8 and UINT8
 * (UINT8 read as {@code b & 0xFF}), {@code int[]} for INT32, {@code long[]} for INT64. The array is
 * copied in and never handed out, so a tensor cannot change.
 */
public final class Tensor {

    private final TensorType type;
    private final Object data;

    private Tensor(TensorType type, Object data) {
        this.type = type;
        this.data = data;
    }

    /** A tensor over a copy of {@code data}, which must be the array its element type needs. */
    public static Tensor of(TensorType type, Object data) {
        if (!type.isStatic()) {
            throw new IrException("a tensor needs a static shape, not " + type.text());
        }
        Object copy = switch (type.elementType()) {
            case FLOAT -> data instanceof float[] f ? f.clone() : null;
            case INT8, UINT8 -> data instanceof byte[] b ? b.clone() : null;
            case INT32 -> data instanceof int[] i ? i.clone() : null;
            case INT64 -> data instanceof long[] l ? l.clone() : null;
        };
        if (copy == null) {
            throw new IrException("a " + type.elementType() + " tensor cannot hold "
                    + (data == null ? "null" : data.getClass().getSimpleName()));
        }
        int length = java.lang.reflect.Array.getLength(copy);
        if (length != type.elementCount()) {
            throw new IrException("type " + type.text() + " needs " + type.elementCount() + " elements, got " + length);
        }
        return new Tensor(type, copy);
    }

    public static Tensor ofFloats(List<Integer> shape, float... values) {
        return of(new TensorType(ElementType.FLOAT, shape, Layout.ANY), values);
    }

    /** A float tensor from doubles, each rounded to the nearest float. */
    public static Tensor fromDoubles(TensorType type, double[] values) {
        if (type.elementType() != ElementType.FLOAT) {
            throw new IrException("fromDoubles builds FLOAT tensors, not " + type.elementType());
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return new Tensor(checkLength(type, f.length), f);
    }

    /** An integer tensor from longs; every value must lie in the element type's range. */
    public static Tensor fromLongs(TensorType type, long[] values) {
        ElementType e = type.elementType();
        checkLength(type, values.length);
        for (int i = 0; i < values.length; i++) {
            if (!e.contains(values[i])) {
                throw new IrException("value " + values[i] + " at index " + i + " does not fit " + e);
            }
        }
        Object data = switch (e) {
            case INT8, UINT8 -> {
                byte[] b = new byte[values.length];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) values[i];
                }
                yield b;
            }
            case INT32 -> Arrays.stream(values).mapToInt(v -> (int) v).toArray();
            case INT64 -> values.clone();
            case FLOAT -> throw new IrException("fromLongs builds integer tensors, not FLOAT");
        };
        return new Tensor(type, data);
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
        return data instanceof float[] f ? f[i] : getLong(i);
    }

    /** Element {@code i} (row-major) of an integer tensor. */
    public long getLong(int i) {
        return switch (type.elementType()) {
            case INT8 -> ((byte[]) data)[i];
            case UINT8 -> ((byte[]) data)[i] & 0xFF;
            case INT32 -> ((int[]) data)[i];
            case INT64 -> ((long[]) data)[i];
            case FLOAT -> throw new IllegalStateException("getLong on a FLOAT tensor");
        };
    }

    /** Every element as a double. */
    public double[] toDoubles() {
        double[] d = new double[size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = getDouble(i);
        }
        return d;
    }

    /** Every element of an integer tensor as a long. */
    public long[] toLongs() {
        long[] l = new long[size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = getLong(i);
        }
        return l;
    }

    /** A copy of the elements of a FLOAT tensor. */
    public float[] toFloats() {
        if (!(data instanceof float[] f)) {
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
        Object out = java.lang.reflect.Array.newInstance(data.getClass().getComponentType(), source.length);
        for (int i = 0; i < source.length; i++) {
            java.lang.reflect.Array.set(out, i, java.lang.reflect.Array.get(data, source[i]));
        }
        return new Tensor(newType, out);
    }

    /** Little-endian bytes of the elements, as ONNX stores raw data. */
    public byte[] rawBytes() {
        int width = switch (type.elementType()) {
            case FLOAT, INT32 -> 4;
            case INT8, UINT8 -> 1;
            case INT64 -> 8;
        };
        ByteBuffer buf = ByteBuffer.allocate(size() * width).order(ByteOrder.LITTLE_ENDIAN);
        if (data instanceof float[] f) {
            buf.asFloatBuffer().put(f);
        } else {
            putIntegers(buf);
        }
        return buf.array();
    }

    private void putIntegers(ByteBuffer buf) {
        if (data instanceof byte[] b) {
            buf.put(b);
        } else if (data instanceof int[] ints) {
            buf.asIntBuffer().put(ints);
        } else {
            buf.asLongBuffer().put((long[]) data);
        }
    }

    /** CRC-32 of the type text and the raw bytes: a short, stable fingerprint for the canonical text. */
    public String digest() {
        CRC32 crc = new CRC32();
        crc.update(type.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        crc.update(rawBytes());
        return String.format("%08x", crc.getValue());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && t.type.equals(type) && Arrays.equals(t.rawBytes(), rawBytes());
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(rawBytes());
    }

    @Override
    public String toString() {
        return type.text() + " crc32=" + digest();
    }
}
