package npukit.compiler.ir;

import java.util.function.UnaryOperator;

/** {@code y = exp(x) / sum(exp(x))} along one axis. The axis is normalized (0 .. rank - 1). */
public record Softmax(String name, Value x, Value y, int axis) implements UnaryNode {

    public Softmax {
        Check.name("Softmax", name);
        Check.present("Softmax", name, "x", x);
        Check.elementType("Softmax", name, "x", x, ElementType.FLOAT);
        Check.minRank("Softmax", name, "x", x, 1);
        Check.axis("Softmax", name, axis, x.type().rank());
        Check.output("Softmax", name, y, x.type());
    }

    @Override
    public String attributeText() {
        return "axis=" + axis;
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Softmax(name, replace.apply(x), replace.apply(y), axis);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
