package npukit.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** Joins tensors along one (normalized) axis; all other dimensions must agree. */
public record Concat(String name, List<Value> xs, Value y, int axis) implements Node {

    public Concat {
        Check.name("Concat", name);
        if (xs == null || xs.isEmpty()) {
            throw IrException.at("Concat", name, "needs at least one input");
        }
        xs = List.copyOf(xs);
        Check.output("Concat", name, y, infer(name, xs, axis));
    }

    public static TensorType infer(String name, List<Value> xs, int axis) {
        Value first = xs.get(0);
        int rank = first.type().rank();
        Check.axis("Concat", name, axis, rank);
        List<Integer> out = new ArrayList<>(first.type().shape());
        for (Value v : xs.subList(1, xs.size())) {
            Check.sameElementType("Concat", name, "input", v, first);
            if (v.type().rank() != rank) {
                throw IrException.at("Concat", name, v.text() + " must have the rank of " + first.text());
            }
            for (int i = 0; i < rank; i++) {
                int d = v.type().dim(i);
                if (i == axis) {
                    out.set(i, out.get(i) == TensorType.UNKNOWN || d == TensorType.UNKNOWN ? TensorType.UNKNOWN : out.get(i) + d);
                } else if (d != out.get(i) && d != TensorType.UNKNOWN && out.get(i) != TensorType.UNKNOWN) {
                    throw IrException.at("Concat", name, v.text() + " differs from " + first.text() + " off axis " + axis);
                }
            }
        }
        return first.type().withShape(out);
    }

    @Override
    public List<Value> inputs() {
        return xs;
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return xs.stream().map(Value::ref).collect(Collectors.joining(", "));
    }

    @Override
    public String attributeText() {
        return "axis=" + axis;
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Concat(name, xs.stream().map(replace).toList(), replace.apply(y), axis);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
