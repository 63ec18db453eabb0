package npukit.compiler.onnx;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;

/** ONNX {@code TensorProto}s to IR tensors: initializers, Constant values and {@code .pb} test data files. */
public final class TensorProtos {

    /** A tensor with the name its proto carries (empty when it has none). */
    public record Named(String name, Tensor tensor) {
    }

    private TensorProtos() {
    }

    /** Reads one serialized {@code TensorProto}, such as a test case's {@code input_0.pb}. */
    public static Named read(Path file) {
        ImportErrors errors = new ImportErrors(file);
        OnnxMl.TensorProto proto;
        try {
            proto = OnnxMl.TensorProto.parseFrom(Files.readAllBytes(file));
        } catch (IOException e) {
            throw errors.invalid("not a readable TensorProto (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            throw errors.invalid("not a readable TensorProto (malformed protobuf: " + e + ")", e);
        }
        return new Named(proto.getName(), toTensor(proto, errors, "tensor " + proto.getName()));
    }

    /**
     * Converts a proto held in a model; {@code where} names it in errors. The dimensions and the element
     * count are checked against the limits ({@link TensorType#MAX_ELEMENTS}) and the data's length
     * against the dimensions before any array is allocated.
     */
    static Tensor toTensor(OnnxMl.TensorProto proto, ImportErrors errors, String where) {
        if (proto.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL || proto.getExternalDataCount() > 0) {
            throw errors.unsupported(UnsupportedModelException.Kind.ELEMENT_TYPE, where, "data stored outside the model file");
        }
        if (proto.hasSegment()) {
            throw errors.unsupported(UnsupportedModelException.Kind.ELEMENT_TYPE, where, "segmented tensor data");
        }
        ElementType e = OnnxTypes.elementType(proto.getDataType()).orElseThrow(() -> errors.unsupported(
                UnsupportedModelException.Kind.ELEMENT_TYPE, where, "unsupported element type " + OnnxTypes.typeName(proto.getDataType())));
        List<Integer> shape = new ArrayList<>();
        long count = 1;
        for (long d : proto.getDimsList()) {
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw errors.invalid(where + ": dimension " + d + " in dims " + proto.getDimsList()
                        + "; a dimension must be 0 .. 2^31 - 1");
            }
            shape.add((int) d);
            count = Math.min(count * d, TensorType.MAX_ELEMENTS + 1);
        }
        if (count > TensorType.MAX_ELEMENTS) {
            throw errors.invalid(where + ": dims " + proto.getDimsList() + " hold more than " + TensorType.MAX_ELEMENTS
                    + " elements, the limit for one tensor");
        }
        int n = (int) count;
        int rawBytes = proto.getRawData().size();
        if (rawBytes % e.bytes() != 0) {
            throw errors.invalid(where + ": " + rawBytes + " bytes of raw data are not a whole number of " + e.bytes()
                    + "-byte " + e + " values");
        }
        int held = proto.getRawData().isEmpty() ? typedCount(proto, e) : rawBytes / e.bytes();
        if (held != n) {
            throw errors.invalid(where + ": dims " + proto.getDimsList() + " need " + n + " values, the data holds " + held);
        }
        TensorType type = new TensorType(e, shape, Layout.ANY);
        try {
            return proto.getRawData().isEmpty() ? typedData(proto, type) : Tensor.of(type, rawData(proto, e, n));
        } catch (npukit.compiler.ir.IrException ex) {
            throw errors.invalid(where + ": " + ex.getMessage(), ex);
        }
    }

    private static int typedCount(OnnxMl.TensorProto proto, ElementType e) {
        return switch (e) {
            case FLOAT -> proto.getFloatDataCount();
            case DOUBLE -> proto.getDoubleDataCount();
            case INT64 -> proto.getInt64DataCount();
            case UINT32 -> proto.getUint64DataCount();
            default -> proto.getInt32DataCount();
        };
    }

    private static Object rawData(OnnxMl.TensorProto proto, ElementType e, int n) {
        ByteBuffer raw = proto.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        return switch (e.storage()) {
            case FLOAT -> {
                float[] f = new float[n];
                raw.asFloatBuffer().get(f);
                yield f;
            }
            case DOUBLE -> {
                double[] d = new double[n];
                raw.asDoubleBuffer().get(d);
                yield d;
            }
            case BYTE -> {
                byte[] b = new byte[n];
                raw.get(b);
                yield b;
            }
            case SHORT -> {
                short[] s = new short[n];
                raw.asShortBuffer().get(s);
                yield s;
            }
            case INT -> {
                int[] i = new int[n];
                raw.asIntBuffer().get(i);
                yield i;
            }
            case LONG -> {
                long[] l = new long[n];
                raw.asLongBuffer().get(l);
                yield l;
            }
        };
    }

    /** The typed fields: float_data, double_data, int64_data, uint64_data (UINT32) or int32_data (the rest). */
    private static Tensor typedData(OnnxMl.TensorProto proto, TensorType type) {
        ElementType e = type.elementType();
        return switch (e) {
            case FLOAT -> {
                float[] f = new float[proto.getFloatDataCount()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = proto.getFloatData(i);
                }
                yield Tensor.of(type, f);
            }
            case DOUBLE -> Tensor.of(type, proto.getDoubleDataList().stream().mapToDouble(Double::doubleValue).toArray());
            case INT64 -> Tensor.of(type, proto.getInt64DataList().stream().mapToLong(Long::longValue).toArray());
            case UINT32 -> Tensor.fromLongs(type, proto.getUint64DataList().stream().mapToLong(Long::longValue).toArray());
            default -> {
                long[] l = new long[proto.getInt32DataCount()];
                for (int i = 0; i < l.length; i++) {
                    l[i] = e.wrap(proto.getInt32Data(i));
                }
                yield Tensor.fromLongs(type, l);
            }
        };
    }
}
