package npukit.compiler.onnx;

import java.nio.file.Path;

/**
 * A well-formed ONNX model that uses something the importer does not support: an operator, an
 * attribute (or attribute value), an element type or a shape. Names the file, the node, its operator
 * type and, for attributes, the attribute.
 */
public final class UnsupportedModelException extends OnnxModelException {

    /** What is unsupported. */
    public enum Kind { OPERATOR, ATTRIBUTE, ELEMENT_TYPE, SHAPE }

    private final Kind kind;
    private final String node;
    private final String opType;
    private final String attribute;

    UnsupportedModelException(Path file, Kind kind, String node, String opType, String attribute, String detail) {
        super(file, (node == null ? "" : "node '" + node + "' (" + opType + "): ") + detail, null);
        this.kind = kind;
        this.node = node;
        this.opType = opType;
        this.attribute = attribute;
    }

    public Kind kind() {
        return kind;
    }

    /** The node's name, or null when the problem is outside any node (a graph input's type). */
    public String node() {
        return node;
    }

    public String opType() {
        return opType;
    }

    /** The attribute at fault, or null. */
    public String attribute() {
        return attribute;
    }

    /** A short reason without the file and node, e.g. {@code unsupported operator Sigmoid}. */
    public String reason() {
        String msg = getMessage();
        int at = msg.indexOf("): ");
        return at >= 0 && node != null ? msg.substring(at + 3) : msg.substring(file().toString().length() + 2);
    }
}
