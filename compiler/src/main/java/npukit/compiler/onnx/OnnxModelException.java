package npukit.compiler.onnx;

import java.nio.file.Path;

/**
 * An ONNX model (or tensor file) that cannot be read: malformed, or inconsistent (a shape that does not
 * fit its operator). The message starts with the file, then names the node and what is wrong.
 */
public class OnnxModelException extends RuntimeException {

    private final Path file;

    OnnxModelException(Path file, String detail, Throwable cause) {
        super(file + ": " + detail, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
