package npukit.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** {@code x} broadcast with the INT64 vector {@code shape} (numpy rules: the result may be larger than shape). */
public record Expand(String name, Value x, Value shape, Value y) implements Node {

    public Expand {
        Check.name("Expand", name);
        Check.present("Expand", name, "x", x);
        Check.indexVector("Expand", name, "shape", shape);
        Check.present("Expand", name, "output", y);
        if (y.type().elementType() != x.type().elementType() || y.type().rank() < x.type().rank()) {
            throw IrException.at("Expand", name, "output " + y.text() + " cannot be an expansion of " + x.text());
        }
    }

    /** The output type for a known target shape. */
    public static TensorType infer(String name, Value x, long[] shape) {
        List<Integer> target = new ArrayList<>();
        for (long d : shape) {
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw IrException.at("Expand", name, "shape entry " + d + " is not a dimension");
            }
            target.add((int) d);
        }
        return TensorType.of(x.type().elementType()).withShape(Shapes.broadcast("Expand", name, x.type().shape(), target));
    }

    @Override
    public List<Value> inputs() {
        return List.of(x, shape);
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return x.ref() + ", shape=" + shape.ref();
    }

    @Override
    public String attributeText() {
        return "";
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Expand(name, replace.apply(x), replace.apply(shape), replace.apply(y));
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
