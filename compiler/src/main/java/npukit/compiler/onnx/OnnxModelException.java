package npukit.compiler.onnx;

import java.nio.file.Path;
import npukit.arch.io.UserException;

/**
 * An ONNX model (or tensor file) that cannot be read: malformed, inconsistent (a shape that does not
 * fit its operator) or hostile (a dimension of 2^31, more elements than a tensor may hold). The message
 * starts with the file, then names the node or value and what is wrong.
 */
public class OnnxModelException extends UserException {

    private final Path file;
    private final String detail;

    OnnxModelException(Path file, String detail, Throwable cause) {
        super(file + ": " + detail, cause);
        this.file = file;
        this.detail = detail;
    }

    public Path file() {
        return file;
    }

    /** The message without the file. */
    public String detail() {
        return detail;
    }
}
