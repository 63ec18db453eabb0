package npukit.compiler.ir;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A quantized matmul: {@code y = saturate(round_half_even((a - aZp) x (b - bZp) * aScale * bScale
 * / yScale) + yZp)}, with numpy's batching; scales and zero points are per tensor.
 */
public record QLinearMatMul(String name, Value a, Value aScale, Value aZeroPoint, Value b, Value bScale, Value bZeroPoint,
                            Value yScale, Value yZeroPoint, Value y) implements Node {

    public QLinearMatMul {
        String op = "QLinearMatMul";
        Check.name(op, name);
        Check.present(op, name, "a", a);
        Check.present(op, name, "b", b);
        Check.present(op, name, "a_zero_point", aZeroPoint);
        Check.present(op, name, "b_zero_point", bZeroPoint);
        Check.present(op, name, "y_zero_point", yZeroPoint);
        Check.elementType(op, name, "a", a, ElementType.INT8, ElementType.UINT8);
        Check.elementType(op, name, "b", b, ElementType.INT8, ElementType.UINT8);
        Check.quantization(op, name, "a_scale", aScale, "a_zero_point", Optional.of(aZeroPoint), null);
        Check.quantization(op, name, "b_scale", bScale, "b_zero_point", Optional.of(bZeroPoint), null);
        Check.quantization(op, name, "y_scale", yScale, "y_zero_point", Optional.of(yZeroPoint), null);
        Check.sameElementType(op, name, "a_zero_point", aZeroPoint, a);
        Check.sameElementType(op, name, "b_zero_point", bZeroPoint, b);
        Check.elementType(op, name, "y_zero_point", yZeroPoint, ElementType.INT8, ElementType.UINT8);
        Check.output(op, name, y, infer(name, a, b, yZeroPoint));
    }

    public static TensorType infer(String name, Value a, Value b, Value yZeroPoint) {
        return new TensorType(yZeroPoint.type().elementType(),
                Shapes.matmul("QLinearMatMul", name, a.type().shape(), b.type().shape()), Layout.ANY);
    }

    @Override
    public List<Value> inputs() {
        return List.of(a, aScale, aZeroPoint, b, bScale, bZeroPoint, yScale, yZeroPoint);
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return a.ref() + ", " + b.ref() + ", a_scale=" + aScale.ref() + ", a_zero_point=" + aZeroPoint.ref()
                + ", b_scale=" + bScale.ref() + ", b_zero_point=" + bZeroPoint.ref() + ", y_scale=" + yScale.ref()
                + ", y_zero_point=" + yZeroPoint.ref();
    }

    @Override
    public String attributeText() {
        return "";
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new QLinearMatMul(name, replace.apply(a), replace.apply(aScale), replace.apply(aZeroPoint), replace.apply(b), replace.apply(bScale), replace.apply(bZeroPoint), replace.apply(yScale), replace.apply(yZeroPoint), replace.apply(y));
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
