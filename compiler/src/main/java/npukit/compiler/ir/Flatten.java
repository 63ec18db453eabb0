package npukit.compiler.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/** Reshapes to 2-D: the axes before {@code axis} become the rows, the rest the columns. */
public record Flatten(String name, Value x, Value y, int axis) implements UnaryNode {

    public Flatten {
        Check.name("Flatten", name);
        Check.present("Flatten", name, "x", x);
        Check.output("Flatten", name, y, infer(name, x, axis));
    }

    /** The 2-D type; {@code axis} is normalized, 0 .. rank. */
    public static TensorType infer(String name, Value x, int axis) {
        List<Integer> s = x.type().shape();
        if (axis < 0 || axis > s.size()) {
            throw IrException.at("Flatten", name, "axis " + axis + " out of range 0.." + s.size() + " for " + x.text());
        }
        return TensorType.of(x.type().elementType(), Shapes.product(s, 0, axis), Shapes.product(s, axis, s.size()));
    }

    @Override
    public String attributeText() {
        return "axis=" + axis;
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Flatten(name, replace.apply(x), replace.apply(y), axis);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
