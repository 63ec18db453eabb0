package npukit.compiler.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Running sums along the axis the integer scalar {@code axis} gives: inclusive (or exclusive), from the
 * first element (or, reversed, from the last).
 */
public record CumSum(String name, Value x, Value axis, Value y, boolean exclusive, boolean reverse) implements Node {

    public CumSum {
        Check.name("CumSum", name);
        Check.present("CumSum", name, "x", x);
        Check.present("CumSum", name, "axis", axis);
        Check.elementType("CumSum", name, "axis", axis, ElementType.INT64, ElementType.INT32);
        Check.scalar("CumSum", name, "axis", axis);
        Check.output("CumSum", name, y, x.type());
    }

    @Override
    public List<Value> inputs() {
        return List.of(x, axis);
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return x.ref() + ", axis=" + axis.ref();
    }

    @Override
    public String attributeText() {
        return "exclusive=" + exclusive + " reverse=" + reverse;
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new CumSum(name, replace.apply(x), replace.apply(axis), replace.apply(y), exclusive, reverse);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
