package npukit.compiler.onnx;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A well-formed ONNX model that cannot run: nodes that neither the IR nor ONNX Runtime takes (an
 * operator, an attribute value, an element type or a shape), or graph inputs of a type the IR cannot
 * hold. Lists every such problem, each naming its node, operator type and, for attributes, the
 * attribute; the message starts with the file.
 */
public final class UnsupportedModelException extends OnnxModelException {

    /** What is unsupported. */
    public enum Kind { OPERATOR, ATTRIBUTE, ELEMENT_TYPE, SHAPE }

    /**
     * One thing that cannot run.
     *
     * @param node      the node's name, or null when the problem is outside any node (a graph input's type)
     * @param opType    the node's operator type, or null
     * @param attribute the attribute at fault, or null
     * @param detail    what is wrong, e.g. {@code unsupported operator Foo}
     */
    public record Problem(Kind kind, String node, String opType, String attribute, String detail) {

        /** {@code node 'n' (Op): detail}, or the detail alone outside any node. */
        public String text() {
            return (node == null ? "" : "node '" + node + "' (" + opType + "): ") + detail;
        }
    }

    private final List<Problem> problems;

    UnsupportedModelException(Path file, List<Problem> problems) {
        super(file, message(problems), null);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an unsupported model needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    private static String message(List<Problem> problems) {
        if (problems.size() == 1) {
            return problems.get(0).text();
        }
        // One line, as every user error: npu prints only a message's first line.
        return problems.size() + " problems, the model cannot run: " + problems.stream().map(Problem::text)
                .collect(Collectors.joining("; "));
    }

    /** Every problem, in node order. */
    public List<Problem> problems() {
        return problems;
    }

    /** The first problem's kind. */
    public Kind kind() {
        return problems.get(0).kind();
    }

    /** The first problem's node, or null when it is outside any node. */
    public String node() {
        return problems.get(0).node();
    }

    public String opType() {
        return problems.get(0).opType();
    }

    /** The first problem's attribute, or null. */
    public String attribute() {
        return problems.get(0).attribute();
    }

    /** The first problem's detail, without the file and node, e.g. {@code unsupported operator Foo}. */
    public String reason() {
        return problems.get(0).detail();
    }
}
