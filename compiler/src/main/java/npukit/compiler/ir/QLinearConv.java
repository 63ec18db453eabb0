package npukit.compiler.ir;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A quantized convolution: {@code y = saturate(round_half_even((x - xZp) conv (w - wZp) + bias)
 * * xScale * wScale / yScale) + yZp)}. The weight scale and zero point may be per filter; the bias is
 * INT32 in units of {@code xScale * wScale}.
 */
public record QLinearConv(String name, Value x, Value xScale, Value xZeroPoint, Value w, Value wScale, Value wZeroPoint,
                          Value yScale, Value yZeroPoint, Optional<Value> bias, Value y, ConvGeometry geometry) implements Node {

    public QLinearConv {
        String op = "QLinearConv";
        Check.name(op, name);
        Check.present(op, name, "x", x);
        Check.present(op, name, "w", w);
        Check.present(op, name, "x_zero_point", xZeroPoint);
        Check.present(op, name, "w_zero_point", wZeroPoint);
        Check.present(op, name, "y_zero_point", yZeroPoint);
        Check.optional(op, name, "bias", bias);
        if (geometry == null) {
            throw IrException.at(op, name, "geometry is missing");
        }
        Check.elementType(op, name, "x", x, ElementType.INT8, ElementType.UINT8);
        Check.elementType(op, name, "w", w, ElementType.INT8, ElementType.UINT8);
        Check.quantization(op, name, "x_scale", xScale, "x_zero_point", Optional.of(xZeroPoint), null);
        Check.quantization(op, name, "w_scale", wScale, "w_zero_point", Optional.of(wZeroPoint), w.type().dim(0));
        Check.quantization(op, name, "y_scale", yScale, "y_zero_point", Optional.of(yZeroPoint), null);
        Check.sameElementType(op, name, "x_zero_point", xZeroPoint, x);
        Check.sameElementType(op, name, "w_zero_point", wZeroPoint, w);
        Check.elementType(op, name, "y_zero_point", yZeroPoint, ElementType.INT8, ElementType.UINT8);
        bias.ifPresent(b -> {
            Check.elementType(op, name, "bias", b, ElementType.INT32);
            Check.rank(op, name, "bias", b, 1);
        });
        Check.output(op, name, y, infer(name, x, w, yZeroPoint, geometry));
    }

    public static TensorType infer(String name, Value x, Value w, Value yZeroPoint, ConvGeometry geometry) {
        return geometry.outputType("QLinearConv", name, x.type(), w.type(), yZeroPoint.type().elementType());
    }

    @Override
    public List<Value> inputs() {
        return Check.withOptionals(List.of(x, xScale, xZeroPoint, w, wScale, wZeroPoint, yScale, yZeroPoint), List.of(bias));
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return x.ref() + ", " + w.ref() + ", x_scale=" + xScale.ref() + ", x_zero_point=" + xZeroPoint.ref()
                + ", w_scale=" + wScale.ref() + ", w_zero_point=" + wZeroPoint.ref() + ", y_scale=" + yScale.ref()
                + ", y_zero_point=" + yZeroPoint.ref() + Check.optionalText("bias", bias);
    }

    @Override
    public String attributeText() {
        return geometry.text();
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new QLinearConv(name, replace.apply(x), replace.apply(xScale), replace.apply(xZeroPoint), replace.apply(w), replace.apply(wScale), replace.apply(wZeroPoint), replace.apply(yScale), replace.apply(yZeroPoint), bias.map(replace), replace.apply(y), geometry);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
