package npukit.compiler.ort;

/** ONNX Runtime refused a model or failed to run it; the message says which and what the runtime said. */
public final class OnnxRuntimeException extends RuntimeException {

    public OnnxRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
