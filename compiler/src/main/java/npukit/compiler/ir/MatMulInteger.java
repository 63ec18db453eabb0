package npukit.compiler.ir;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * An exact integer matmul: {@code y = (a - aZp) x (b - bZp)} in INT32, numpy batching. The zero point
 * of a 2-D {@code a} may be per row, that of a 2-D {@code b} per column.
 */
public record MatMulInteger(String name, Value a, Value b, Optional<Value> aZeroPoint, Optional<Value> bZeroPoint,
                            Value y) implements Node {

    public MatMulInteger {
        String op = "MatMulInteger";
        Check.name(op, name);
        Check.present(op, name, "a", a);
        Check.present(op, name, "b", b);
        Check.elementType(op, name, "a", a, ElementType.INT8, ElementType.UINT8);
        Check.elementType(op, name, "b", b, ElementType.INT8, ElementType.UINT8);
        Check.zeroPoint(op, name, "a_zero_point", aZeroPoint, a, a.type().rank() == 2 ? a.type().dim(0) : null);
        Check.zeroPoint(op, name, "b_zero_point", bZeroPoint, b, b.type().rank() == 2 ? b.type().dim(1) : null);
        Check.output(op, name, y, infer(name, a, b));
    }

    public static TensorType infer(String name, Value a, Value b) {
        return new TensorType(ElementType.INT32, Shapes.matmul("MatMulInteger", name, a.type().shape(), b.type().shape()), Layout.ANY);
    }

    @Override
    public List<Value> inputs() {
        return Check.withOptionals(List.of(a, b), List.of(aZeroPoint, bZeroPoint));
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return a.ref() + ", " + b.ref() + Check.optionalText("a_zero_point", aZeroPoint)
                + Check.optionalText("b_zero_point", bZeroPoint);
    }

    @Override
    public String attributeText() {
        return "";
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new MatMulInteger(name, replace.apply(a), replace.apply(b), aZeroPoint.map(replace), bZeroPoint.map(replace), replace.apply(y));
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
