package npukit.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The INT64 index of the largest (ArgMax) or smallest (ArgMin) element along {@code axis}: the first
 * such index, or the last with {@code selectLastIndex}. {@code keepDims} keeps the axis as size 1.
 */
public record ArgReduce(String name, boolean largest, Value x, Value y, int axis, boolean keepDims,
                        boolean selectLastIndex) implements Node {

    public ArgReduce {
        String op = largest ? "ArgMax" : "ArgMin";
        Check.name(op, name);
        Check.present(op, name, "x", x);
        Check.axis(op, name, axis, x.type().rank());
        Check.output(op, name, y, infer(x, axis, keepDims));
    }

    public static TensorType infer(Value x, int axis, boolean keepDims) {
        List<Integer> out = new ArrayList<>(x.type().shape());
        if (keepDims) {
            out.set(axis, 1);
        } else {
            out.remove(axis);
        }
        return TensorType.of(ElementType.INT64).withShape(out);
    }

    @Override
    public String op() {
        return largest ? "ArgMax" : "ArgMin";
    }

    @Override
    public List<Value> inputs() {
        return List.of(x);
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return x.ref();
    }

    @Override
    public String attributeText() {
        return "axis=" + axis + " keepdims=" + keepDims + (selectLastIndex ? " select_last_index=true" : "");
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new ArgReduce(name, largest, replace.apply(x), replace.apply(y), axis, keepDims, selectLastIndex);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
