package npukit.compiler.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/** One function applied to every element: {@code y[i] = f(x[i])}; the function names the operator. */
public record ElementwiseUnary(String name, UnaryFunction function, Value x, Value y) implements Node {

    public ElementwiseUnary {
        String op = function == null ? "ElementwiseUnary" : function.opName();
        Check.name(op, name);
        if (function == null) {
            throw IrException.at(op, name, "function is missing");
        }
        Check.present(op, name, "x", x);
        if (!function.accepts(x.type().elementType())) {
            throw IrException.at(op, name, "x " + x.text() + " has an element type " + op + " does not take");
        }
        Check.output(op, name, y, infer(function, x));
    }

    public static TensorType infer(UnaryFunction function, Value x) {
        return x.type().withElementType(function.resultType(x.type().elementType()));
    }

    @Override
    public String op() {
        return function.opName();
    }

    @Override
    public List<Value> inputs() {
        return List.of(x);
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return x.ref();
    }

    @Override
    public String attributeText() {
        return function.attributeText();
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new ElementwiseUnary(name, function, replace.apply(x), replace.apply(y));
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
