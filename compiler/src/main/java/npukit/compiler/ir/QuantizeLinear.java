package npukit.compiler.ir;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@code y = saturate(round_half_even(x / scale) + zeroPoint)}; y has the zero point's type (UINT8 when
 * it is absent). A 1-D scale quantizes per slice of {@code axis}.
 */
public record QuantizeLinear(String name, Value x, Value scale, Optional<Value> zeroPoint, Value y, int axis) implements LinearQuantizationNode {

    public QuantizeLinear {
        Check.name("QuantizeLinear", name);
        Check.present("QuantizeLinear", name, "x", x);
        Check.optional("QuantizeLinear", name, "zero_point", zeroPoint);
        Check.elementType("QuantizeLinear", name, "x", x, ElementType.FLOAT);
        Check.present("QuantizeLinear", name, "scale", scale);
        Check.quantization("QuantizeLinear", name, "scale", scale, "zero_point", zeroPoint,
                Check.perAxisSlices("QuantizeLinear", name, x, scale, axis));
        zeroPoint.ifPresent(z -> Check.elementType("QuantizeLinear", name, "zero_point", z, ElementType.INT8, ElementType.UINT8));
        Check.output("QuantizeLinear", name, y, infer(x, zeroPoint));
    }

    public static TensorType infer(Value x, Optional<Value> zeroPoint) {
        return x.type().withElementType(zeroPoint.map(z -> z.type().elementType()).orElse(ElementType.UINT8));
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new QuantizeLinear(name, replace.apply(x), replace.apply(scale), zeroPoint.map(replace), replace.apply(y), axis);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
