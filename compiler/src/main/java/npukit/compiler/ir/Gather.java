package npukit.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Entries of {@code x} along {@code axis} picked by the integer {@code indices} (negative ones count
 * from the end): the output's shape is x's with that axis replaced by the indices' shape.
 */
public record Gather(String name, Value x, Value indices, Value y, int axis) implements Node {

    public Gather {
        Check.name("Gather", name);
        Check.present("Gather", name, "x", x);
        Check.present("Gather", name, "indices", indices);
        Check.elementType("Gather", name, "indices", indices, ElementType.INT64, ElementType.INT32);
        Check.minRank("Gather", name, "x", x, 1);
        Check.axis("Gather", name, axis, x.type().rank());
        Check.output("Gather", name, y, infer(x, indices, axis));
    }

    public static TensorType infer(Value x, Value indices, int axis) {
        List<Integer> out = new ArrayList<>(x.type().shape().subList(0, axis));
        out.addAll(indices.type().shape());
        out.addAll(x.type().shape().subList(axis + 1, x.type().rank()));
        return TensorType.of(x.type().elementType()).withShape(out);
    }

    @Override
    public List<Value> inputs() {
        return List.of(x, indices);
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return x.ref() + ", indices=" + indices.ref();
    }

    @Override
    public String attributeText() {
        return "axis=" + axis;
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Gather(name, replace.apply(x), replace.apply(indices), replace.apply(y), axis);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
