package npukit.compiler.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One function of two operands applied element by element with numpy broadcasting:
 * {@code y[i] = f(a[i], b[i])}; the function names the operator (Add, Mul, Less, ...).
 */
public record ElementwiseBinary(String name, BinaryFunction function, Value a, Value b, Value y) implements Node {

    public ElementwiseBinary {
        String op = function == null ? "ElementwiseBinary" : function.opName();
        Check.name(op, name);
        if (function == null) {
            throw IrException.at(op, name, "function is missing");
        }
        Check.present(op, name, "a", a);
        Check.present(op, name, "b", b);
        Check.output(op, name, y, infer(name, function, a, b));
    }

    /** The broadcast shape, in a's layout when it keeps a's shape; the function's result type. */
    public static TensorType infer(String name, BinaryFunction function, Value a, Value b) {
        String op = function.opName();
        if (!function.accepts(a.type().elementType(), b.type().elementType())) {
            throw IrException.at(op, name, "operands " + a.text() + " and " + b.text() + " have element types " + op
                    + " does not take");
        }
        List<Integer> shape = function == BinaryFunction.PRELU
                ? preluShape(name, a, b) : Shapes.broadcast(op, name, a.type().shape(), b.type().shape());
        Layout layout = a.type().shape().equals(shape) ? a.type().layout() : Layout.ANY;
        return new TensorType(function.resultType(a.type().elementType()), shape, shape.size() == 4 ? layout : Layout.ANY);
    }

    /** PRelu's slope broadcasts to x's shape (unidirectionally). */
    private static List<Integer> preluShape(String name, Value x, Value slope) {
        if (!Shapes.broadcastsTo(slope.type().shape(), x.type().shape())) {
            throw IrException.at("PRelu", name, "slope " + slope.text() + " does not broadcast to " + x.text());
        }
        return x.type().shape();
    }

    @Override
    public String op() {
        return function.opName();
    }

    @Override
    public List<Value> inputs() {
        return List.of(a, b);
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return a.ref() + ", " + b.ref();
    }

    @Override
    public String attributeText() {
        return function.attributeText();
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new ElementwiseBinary(name, function, replace.apply(a), replace.apply(b), replace.apply(y));
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
