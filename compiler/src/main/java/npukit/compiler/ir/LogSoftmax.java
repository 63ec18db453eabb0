package npukit.compiler.ir;

import java.util.function.UnaryOperator;

/** {@code y = x - log(sum(exp(x)))} along one axis (a numerically stable log of softmax). The axis is normalized (0 .. rank - 1). */
public record LogSoftmax(String name, Value x, Value y, int axis) implements UnaryNode {

    public LogSoftmax {
        Check.name("LogSoftmax", name);
        Check.present("LogSoftmax", name, "x", x);
        Check.elementType("LogSoftmax", name, "x", x, ElementType.FLOAT);
        Check.minRank("LogSoftmax", name, "x", x, 1);
        Check.axis("LogSoftmax", name, axis, x.type().rank());
        Check.output("LogSoftmax", name, y, x.type());
    }

    @Override
    public String attributeText() {
        return "axis=" + axis;
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new LogSoftmax(name, replace.apply(x), replace.apply(y), axis);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
