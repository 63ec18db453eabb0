package npukit.compiler.onnx;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.InputStream;
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
        try (InputStream in = Files.newInputStream(file)) {
            proto = OnnxMl.TensorProto.parseFrom(in);
        } catch (IOException e) {
            throw errors.invalid("not a readable TensorProto (" + e.getMessage() + ")", e);
        }
        return new Named(proto.getName(), toTensor(proto, errors, "tensor " + proto.getName()));
    }

    /** Converts a proto held in a model; {@code where} names it in errors. */
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
        for (long d : proto.getDimsList()) {
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw errors.invalid(where + ": dimension " + d + " in dims " + proto.getDimsList());
            }
            shape.add((int) d);
        }
        TensorType type = new TensorType(e, shape, Layout.ANY);
        long count = proto.getDimsList().stream().reduce(1L, (a, b) -> a * b);
        if (count > Integer.MAX_VALUE) {
            throw errors.invalid(where + ": " + count + " elements are too many");
        }
        int n = (int) count;
        Object data = proto.getRawData().isEmpty() ? typedData(proto, e, n) : rawData(proto, e, n);
        int length = java.lang.reflect.Array.getLength(data);
        if (length != n) {
            throw errors.invalid(where + ": dims " + proto.getDimsList() + " need " + n + " values, the data holds " + length);
        }
        return Tensor.of(type, data);
    }

    private static Object rawData(OnnxMl.TensorProto proto, ElementType e, int n) {
        ByteBuffer raw = proto.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        return switch (e) {
            case FLOAT -> {
                float[] f = new float[raw.remaining() / Float.BYTES];
                raw.asFloatBuffer().get(f);
                yield f;
            }
            case INT8, UINT8 -> {
                byte[] b = new byte[raw.remaining()];
                raw.get(b);
                yield b;
            }
            case INT32 -> {
                int[] i = new int[raw.remaining() / Integer.BYTES];
                raw.asIntBuffer().get(i);
                yield i;
            }
            case INT64 -> {
                long[] l = new long[raw.remaining() / Long.BYTES];
                raw.asLongBuffer().get(l);
                yield l;
            }
        };
    }

    private static Object typedData(OnnxMl.TensorProto proto, ElementType e, int n) {
        return switch (e) {
            case FLOAT -> {
                float[] f = new float[proto.getFloatDataCount()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = proto.getFloatData(i);
                }
                yield f;
            }
            case INT8, UINT8 -> {
                byte[] b = new byte[proto.getInt32DataCount()];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) proto.getInt32Data(i);
                }
                yield b;
            }
            case INT32 -> proto.getInt32DataList().stream().mapToInt(Integer::intValue).toArray();
            case INT64 -> proto.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
        };
    }
}
