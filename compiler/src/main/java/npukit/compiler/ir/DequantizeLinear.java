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
        int rank = x.type().rank();
        Integer slices = rank == 0 ? null : x.type().dim(Check.axis("DequantizeLinear", name, axis, rank));
        Check.quantization("DequantizeLinear", name, "scale", scale, "zero_point", zeroPoint, slices);
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

    @Override
    public String attributeText() {
        return "axis=" + axis;
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
