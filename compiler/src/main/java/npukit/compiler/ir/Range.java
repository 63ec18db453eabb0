package npukit.compiler.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code start, start + delta, ...} up to {@code limit} (exclusive): max(ceil((limit - start) / delta), 0)
 * elements of the three scalars' type.
 */
public record Range(String name, Value start, Value limit, Value delta, Value y) implements Node {

    public Range {
        Check.name("Range", name);
        for (Value v : new Value[] {start, limit, delta}) {
            Check.present("Range", name, "operand", v);
            Check.scalar("Range", name, v.name(), v);
            Check.sameElementType("Range", name, v.name(), v, start);
        }
        Check.output("Range", name, y, TensorType.of(start.type().elementType(), TensorType.UNKNOWN));
    }

    /** The number of elements. */
    public static int count(String name, double start, double limit, double delta) {
        if (delta == 0) {
            throw IrException.at("Range", name, "delta is 0");
        }
        double n = Math.max(Math.ceil((limit - start) / delta), 0);
        if (n > TensorType.MAX_ELEMENTS) {
            throw IrException.at("Range", name, "range of " + n + " elements exceeds the limit " + TensorType.MAX_ELEMENTS);
        }
        return (int) n;
    }

    @Override
    public List<Value> inputs() {
        return List.of(start, limit, delta);
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return start.ref() + ", " + limit.ref() + ", " + delta.ref();
    }

    @Override
    public String attributeText() {
        return "";
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Range(name, replace.apply(start), replace.apply(limit), replace.apply(delta), replace.apply(y));
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
