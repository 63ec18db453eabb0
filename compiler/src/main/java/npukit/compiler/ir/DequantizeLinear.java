package npukit.compiler.ir;

import java.util.Optional;
import java.util.function.UnaryOperator;

/** {@code y = (x - zeroPoint) * scale} as FLOAT; a 1-D scale dequantizes per slice of {@code axis}. */
public record DequantizeLinear(String name, Value x, Value scale, Optional<Value> zeroPoint, Value y, int axis) implements LinearQuantizationNode {

    public DequantizeLinear {
        Check.name("DequantizeLinear", name);
        Check.present("DequantizeLinear", name, "x", x);
        Check.optional("DequantizeLinear", name, "zero_point", zeroPoint);
        Check.elementType("DequantizeLinear", name, "x", x, ElementType.INT8, ElementType.UINT8, ElementType.INT32);
        Check.present("DequantizeLinear", name, "scale", scale);
        Check.quantization("DequantizeLinear", name, "scale", scale, "zero_point", zeroPoint,
                Check.perAxisSlices("DequantizeLinear", name, x, scale, axis));
        zeroPoint.ifPresent(z -> Check.sameElementType("DequantizeLinear", name, "zero_point", z, x));
        Check.output("DequantizeLinear", name, y, x.type().withElementType(ElementType.FLOAT));
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new DequantizeLinear(name, replace.apply(x), replace.apply(scale), zeroPoint.map(replace), replace.apply(y), axis);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
