package npukit.compiler.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code y[i..] = x[i.. with axis replaced by indices[i..]]}: indices of x's rank pick one element each
 * along {@code axis}; the output has the indices' shape.
 */
public record GatherElements(String name, Value x, Value indices, Value y, int axis) implements Node {

    public GatherElements {
        Check.name("GatherElements", name);
        Check.present("GatherElements", name, "x", x);
        Check.present("GatherElements", name, "indices", indices);
        Check.elementType("GatherElements", name, "indices", indices, ElementType.INT64, ElementType.INT32);
        Check.rank("GatherElements", name, "indices", indices, x.type().rank());
        Check.axis("GatherElements", name, axis, x.type().rank());
        Check.output("GatherElements", name, y, indices.type().withElementType(x.type().elementType()));
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
        return new GatherElements(name, replace.apply(x), replace.apply(indices), replace.apply(y), axis);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
