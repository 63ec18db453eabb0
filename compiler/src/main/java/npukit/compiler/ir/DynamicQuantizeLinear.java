package npukit.compiler.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Quantizes a FLOAT tensor to UINT8 with a scale and zero point computed from its own range (extended
 * to include 0): {@code scale = (max - min) / 255}, {@code zeroPoint = saturate(round(-min / scale))},
 * {@code y = saturate(round(x / scale) + zeroPoint)}, rounding half to even.
 */
public record DynamicQuantizeLinear(String name, Value x, Value y, Value yScale, Value yZeroPoint) implements Node {

    public DynamicQuantizeLinear {
        String op = "DynamicQuantizeLinear";
        Check.name(op, name);
        Check.present(op, name, "x", x);
        Check.elementType(op, name, "x", x, ElementType.FLOAT);
        Check.output(op, name, y, x.type().withElementType(ElementType.UINT8));
        Check.output(op, name, yScale, TensorType.of(ElementType.FLOAT));
        Check.output(op, name, yZeroPoint, TensorType.of(ElementType.UINT8));
    }

    @Override
    public List<Value> inputs() {
        return List.of(x);
    }

    @Override
    public List<Value> outputs() {
        return List.of(y, yScale, yZeroPoint);
    }

    @Override
    public String operandText() {
        return x.ref();
    }

    @Override
    public String attributeText() {
        return "";
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new DynamicQuantizeLinear(name, replace.apply(x), replace.apply(y), replace.apply(yScale),
                replace.apply(yZeroPoint));
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
