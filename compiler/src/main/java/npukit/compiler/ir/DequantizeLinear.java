package npukit.compiler.ir;

import java.util.List;
import java.util.Optional;

/** {@code y = (x - zeroPoint) * scale} as FLOAT; a 1-D scale dequantizes per slice of {@code axis}. */
public record DequantizeLinear(String name, Value x, Value scale, Optional<Value> zeroPoint, Value y, int axis) implements Node {

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
    public List<Value> inputs() {
        return Check.withOptionals(List.of(x, scale), List.of(zeroPoint));
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return x.ref() + ", scale=" + scale.ref() + Check.optionalText("zero_point", zeroPoint);
    }

    /** True when the scale has one entry per slice of {@code axis}. */
    public boolean isPerAxis() {
        return Check.isPerAxis(scale);
    }

    @Override
    public String attributeText() {
        return isPerAxis() ? "axis=" + axis : "";
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
