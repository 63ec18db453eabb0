package npukit.compiler.ir;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * One operator of the graph. Every node is an immutable record that checks, when built, that its
 * operands fit the operator and that its declared output types agree with what the operator produces.
 */
public sealed interface Node permits UnaryNode, LinearQuantizationNode, ElementwiseUnary, ElementwiseBinary, Conv2d,
        ConvTranspose2d, Gemm, MatMul, Clip, BatchNormalization, InstanceNormalization, LayerNormalization, Reshape,
        Concat, QLinearConv, QLinearMatMul, ConvInteger, MatMulInteger, DynamicQuantizeLinear, Constant, Where, Reduce,
        ArgReduce, Gather, GatherElements, Slice, Split, Squeeze, Unsqueeze, Tile, Expand, ConstantOfShape, Range, Pad,
        Resize, Trilu, CumSum, OnnxRuntimeOp {

    /** The node's name, unique in its graph. */
    String name();

    /** The operator's name, e.g. {@code Conv2d}. */
    default String op() {
        return getClass().getSimpleName();
    }

    /** The values this node reads, in operand order; absent optional operands are left out. */
    List<Value> inputs();

    /** The values this node defines. */
    List<Value> outputs();

    /** The operands as the canonical text writes them, e.g. {@code %x, %w, bias=%b}. */
    String operandText();

    /** The attributes as the canonical text writes them, e.g. {@code axis=1}; empty when there are none. */
    String attributeText();

    /**
     * The same operator over other values: every operand and result {@code v} replaced by
     * {@code replace.apply(v)} (e.g. a value with a refined type), the constructor checking them again.
     */
    Node withValues(UnaryOperator<Value> replace);

    <R> R accept(NodeVisitor<R> visitor);

    /**
     * One line: {@code name: %y: f32[1,10] = Op(%a, %b) {attributes}}.
     */
    default String text() {
        String outs = outputs().stream().map(Value::text).collect(Collectors.joining(", "));
        String attrs = attributeText();
        return name() + ": " + outs + " = " + op() + "(" + operandText() + ")" + (attrs.isEmpty() ? "" : " {" + attrs + "}");
    }
}
