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
        super(file + ": " + escapeControls(detail), cause);
        this.file = file;
        this.detail = escapeControls(detail);
    }

    /**
     * The detail with control characters escaped: it quotes node, value and tensor names from the file,
     * which may hold newlines, and a user error is one line (found by OnnxModelFuzzTest).
     */
    private static String escapeControls(String detail) {
        StringBuilder s = new StringBuilder(detail.length());
        for (int i = 0; i < detail.length(); i++) {
            char c = detail.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    public Path file() {
        return file;
    }

    /** The message without the file. */
    public String detail() {
        return detail;
    }
}
