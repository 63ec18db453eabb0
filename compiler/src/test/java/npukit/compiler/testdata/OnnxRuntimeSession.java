package npukit.compiler.testdata;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;

/**
 * One ONNX Runtime session over a model, fed and read with the IR's {@link Tensor}s: the independent
 * float reference the interpreter is checked against. The runtime's native library comes inside its
 * jar, so this needs no network and no system install.
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
            throw new IllegalStateException("ONNX Runtime cannot load the " + model.length + "-byte model: " + e.getMessage(), e);
        }
    }

    /** The model's input names as the runtime lists them (initializers excluded). */
    public List<String> inputNames() {
        return new ArrayList<>(session.getInputNames());
    }

    /** Runs the model; every output by name, in the model's output order. */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                feed.put(e.getKey(), toOrt(e.getValue()));
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            try (OrtSession.Result result = session.run(feed)) {
                for (Map.Entry<String, OnnxValue> e : result) {
                    out.put(e.getKey(), fromOrt(e.getKey(), e.getValue()));
                }
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on inputs " + inputs.keySet() + ": " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor toOrt(Tensor t) throws OrtException {
        long[] shape = t.shape().stream().mapToLong(Integer::longValue).toArray();
        return switch (t.elementType()) {
            case FLOAT -> OnnxTensor.createTensor(env, FloatBuffer.wrap(t.toFloats()), shape);
            case INT8 -> OnnxTensor.createTensor(env, ByteBuffer.wrap(bytes(t)), shape, OnnxJavaType.INT8);
            case UINT8 -> OnnxTensor.createTensor(env, ByteBuffer.wrap(bytes(t)), shape, OnnxJavaType.UINT8);
            case INT32 -> {
                long[] l = t.toLongs();
                int[] i = new int[l.length];
                for (int j = 0; j < l.length; j++) {
                    i[j] = (int) l[j];
                }
                yield OnnxTensor.createTensor(env, IntBuffer.wrap(i), shape);
            }
            case INT64 -> OnnxTensor.createTensor(env, LongBuffer.wrap(t.toLongs()), shape);
        };
    }

    private static byte[] bytes(Tensor t) {
        long[] l = t.toLongs();
        byte[] b = new byte[l.length];
        for (int i = 0; i < l.length; i++) {
            b[i] = (byte) l[i];
        }
        return b;
    }

    private static Tensor fromOrt(String name, OnnxValue value) throws OrtException {
        if (!(value instanceof OnnxTensor t)) {
            throw new IllegalStateException("output " + name + " is a " + value.getType() + ", not a tensor");
        }
        TensorInfo info = t.getInfo();
        int[] dims = new int[info.getShape().length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = Math.toIntExact(info.getShape()[i]);
        }
        return switch (info.type) {
            case FLOAT -> {
                FloatBuffer b = t.getFloatBuffer();
                float[] f = new float[b.remaining()];
                b.get(f);
                yield Tensor.of(TensorType.of(ElementType.FLOAT, dims), f);
            }
            case INT8, UINT8 -> {
                ByteBuffer b = t.getByteBuffer();
                byte[] raw = new byte[b.remaining()];
                b.get(raw);
                yield Tensor.of(TensorType.of(info.type == OnnxJavaType.INT8 ? ElementType.INT8 : ElementType.UINT8, dims), raw);
            }
            case INT32 -> {
                IntBuffer b = t.getIntBuffer();
                int[] i = new int[b.remaining()];
                b.get(i);
                yield Tensor.of(TensorType.of(ElementType.INT32, dims), i);
            }
            case INT64 -> {
                LongBuffer b = t.getLongBuffer();
                long[] l = new long[b.remaining()];
                b.get(l);
                yield Tensor.of(TensorType.of(ElementType.INT64, dims), l);
            }
            default -> throw new IllegalStateException("output " + name + " has element type " + info.type
                    + ", which the IR cannot hold");
        };
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not close its session: " + e.getMessage(), e);
        }
    }
}
