package npukit.compiler.ir;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * An exact integer convolution: {@code y = (x - xZp) conv (w - wZp)} in INT32; padding contributes
 * nothing. The weight zero point may be per filter.
 */
public record ConvInteger(String name, Value x, Value w, Optional<Value> xZeroPoint, Optional<Value> wZeroPoint, Value y,
                          ConvGeometry geometry) implements Node {

    public ConvInteger {
        String op = "ConvInteger";
        Check.name(op, name);
        Check.present(op, name, "x", x);
        Check.present(op, name, "w", w);
        if (geometry == null) {
            throw IrException.at(op, name, "geometry is missing");
        }
        Check.elementType(op, name, "x", x, ElementType.INT8, ElementType.UINT8);
        Check.elementType(op, name, "w", w, ElementType.INT8, ElementType.UINT8);
        Check.zeroPoint(op, name, "x_zero_point", xZeroPoint, x, null);
        Check.zeroPoint(op, name, "w_zero_point", wZeroPoint, w, w.type().dim(0));
        Check.output(op, name, y, infer(name, x, w, geometry));
    }

    public static TensorType infer(String name, Value x, Value w, ConvGeometry geometry) {
        return geometry.outputType("ConvInteger", name, x.type(), w.type(), ElementType.INT32);
    }

    @Override
    public List<Value> inputs() {
        return Check.withOptionals(List.of(x, w), List.of(xZeroPoint, wZeroPoint));
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return x.ref() + ", " + w.ref() + Check.optionalText("x_zero_point", xZeroPoint)
                + Check.optionalText("w_zero_point", wZeroPoint);
    }

    @Override
    public String attributeText() {
        return geometry.text();
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new ConvInteger(name, replace.apply(x), replace.apply(w), xZeroPoint.map(replace), wZeroPoint.map(replace), replace.apply(y), geometry);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
