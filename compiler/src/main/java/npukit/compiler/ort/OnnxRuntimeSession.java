package npukit.compiler.ort;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;

/**
 * One ONNX Runtime session over a model, fed and read with the IR's {@link Tensor}s: the host's runner
 * for operators the IR does not know, and the independent float reference the interpreter is checked
 * against. The runtime's native library comes inside its jar, so this needs no network and no system
 * install. Element types: FLOAT, DOUBLE, INT8, UINT8, INT16, INT32, INT64 and BOOL (the Java API has
 * no unsigned 16- or 32-bit tensors).
 */
public final class OnnxRuntimeSession implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;

    /**
     * A session on the model's bytes, on one thread so results do not depend on the machine's core
     * count (a multi-threaded reduction may add in another order).
     */
    public OnnxRuntimeSession(byte[] model) {
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            session = env.createSession(model, options);
        } catch (OrtException e) {
            throw new OnnxRuntimeException("ONNX Runtime cannot load the " + model.length + "-byte model: " + e.getMessage(), e);
        }
    }

    /** The model's input names as the runtime lists them (initializers excluded). */
    public List<String> inputNames() {
        return new ArrayList<>(session.getInputNames());
    }

    /**
     * The type the runtime infers for each output, by name: element type and shape, unknown (symbolic)
     * dimensions as {@link TensorType#UNKNOWN}; empty for an output whose element type the IR lacks.
     */
    public Map<String, Optional<TensorType>> outputTypes() {
        Map<String, Optional<TensorType>> out = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
                if (!(e.getValue().getInfo() instanceof TensorInfo t)) {
                    out.put(e.getKey(), Optional.empty());
                    continue;
                }
                Optional<ElementType> type = elementType(t.onnxType);
                long[] shape = t.getShape();
                int[] dims = new int[shape.length];
                for (int i = 0; i < dims.length; i++) {
                    dims[i] = shape[i] < 0 || shape[i] > Integer.MAX_VALUE ? TensorType.UNKNOWN : (int) shape[i];
                }
                out.put(e.getKey(), type.map(et -> TensorType.of(et, dims)));
            }
        } catch (OrtException e) {
            throw new OnnxRuntimeException("ONNX Runtime cannot describe the model's outputs: " + e.getMessage(), e);
        }
        return out;
    }

    /** Runs the model; every output by name, in the model's output order. */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                feed.put(e.getKey(), toOrt(e.getKey(), e.getValue()));
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            try (OrtSession.Result result = session.run(feed)) {
                for (Map.Entry<String, OnnxValue> e : result) {
                    out.put(e.getKey(), fromOrt(e.getKey(), e.getValue()));
                }
            }
            return out;
        } catch (OrtException e) {
            throw new OnnxRuntimeException("ONNX Runtime failed on inputs " + inputs.keySet() + ": " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private static Optional<ElementType> elementType(TensorInfo.OnnxTensorType t) {
        return Optional.ofNullable(switch (t) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> ElementType.FLOAT;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> ElementType.DOUBLE;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> ElementType.INT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> ElementType.UINT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> ElementType.INT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16 -> ElementType.UINT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> ElementType.INT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32 -> ElementType.UINT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> ElementType.INT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> ElementType.BOOL;
            default -> null;
        });
    }

    private static OnnxJavaType javaType(String name, ElementType e) {
        return switch (e) {
            case FLOAT -> OnnxJavaType.FLOAT;
            case DOUBLE -> OnnxJavaType.DOUBLE;
            case INT8 -> OnnxJavaType.INT8;
            case UINT8 -> OnnxJavaType.UINT8;
            case INT16 -> OnnxJavaType.INT16;
            case INT32 -> OnnxJavaType.INT32;
            case INT64 -> OnnxJavaType.INT64;
            case BOOL -> OnnxJavaType.BOOL;
            case UINT16, UINT32 -> throw new OnnxRuntimeException("tensor " + name + " is " + e
                    + ", which ONNX Runtime's Java API cannot pass", null);
        };
    }

    private OnnxTensor toOrt(String name, Tensor t) throws OrtException {
        long[] shape = t.shape().stream().mapToLong(Integer::longValue).toArray();
        // The runtime reads native byte order, little-endian on the x86 and ARM hosts it ships for.
        ByteBuffer raw = ByteBuffer.allocateDirect(t.size() * t.elementType().bytes()).order(ByteOrder.nativeOrder());
        raw.put(t.rawBytes()).rewind();
        return OnnxTensor.createTensor(env, raw, shape, javaType(name, t.elementType()));
    }

    private static Tensor fromOrt(String name, OnnxValue value) throws OrtException {
        if (!(value instanceof OnnxTensor t)) {
            throw new OnnxRuntimeException("output " + name + " is a " + value.getType() + ", not a tensor", null);
        }
        TensorInfo info = t.getInfo();
        ElementType e = elementType(info.onnxType).orElseThrow(() -> new OnnxRuntimeException(
                "output " + name + " has element type " + info.onnxType + ", which the IR cannot hold", null));
        int[] dims = new int[info.getShape().length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = Math.toIntExact(info.getShape()[i]);
        }
        TensorType type = TensorType.of(e, dims);
        ByteBuffer b = t.getByteBuffer().order(ByteOrder.nativeOrder());
        return switch (e.storage()) {
            case FLOAT -> {
                float[] f = new float[type.elementCount()];
                b.asFloatBuffer().get(f);
                yield Tensor.of(type, f);
            }
            case DOUBLE -> {
                double[] d = new double[type.elementCount()];
                b.asDoubleBuffer().get(d);
                yield Tensor.of(type, d);
            }
            case BYTE -> {
                byte[] raw = new byte[type.elementCount()];
                b.get(raw);
                yield Tensor.of(type, raw);
            }
            case SHORT -> {
                short[] s = new short[type.elementCount()];
                b.asShortBuffer().get(s);
                yield Tensor.of(type, s);
            }
            case INT -> {
                int[] i = new int[type.elementCount()];
                b.asIntBuffer().get(i);
                yield Tensor.of(type, i);
            }
            case LONG -> {
                long[] l = new long[type.elementCount()];
                b.asLongBuffer().get(l);
                yield Tensor.of(type, l);
            }
        };
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new OnnxRuntimeException("ONNX Runtime could not close its session: " + e.getMessage(), e);
        }
    }
}
