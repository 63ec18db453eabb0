package npukit.compiler.ir;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@code y = min(max(x, min), max)}, element-wise; absent bounds do not clamp. The bounds are scalar
 * values (initializers when the model fixes them), as in ONNX from opset 11.
 */
public record Clip(String name, Value x, Optional<Value> min, Optional<Value> max, Value y) implements Node {

    public Clip {
        Check.name("Clip", name);
        Check.present("Clip", name, "x", x);
        Check.optional("Clip", name, "min", min);
        Check.optional("Clip", name, "max", max);
        min.ifPresent(v -> bound(name, "min", v, x));
        max.ifPresent(v -> bound(name, "max", v, x));
        Check.output("Clip", name, y, x.type());
    }

    private static void bound(String name, String operand, Value bound, Value x) {
        Check.scalar("Clip", name, operand, bound);
        Check.sameElementType("Clip", name, operand, bound, x);
    }

    @Override
    public List<Value> inputs() {
        return Check.withOptionals(List.of(x), List.of(min, max));
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return x.ref() + Check.optionalText("min", min) + Check.optionalText("max", max);
    }

    @Override
    public String attributeText() {
        return "";
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Clip(name, replace.apply(x), min.map(replace), max.map(replace), replace.apply(y));
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
