package npukit.compiler.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/** {@code y[i] = condition[i] ? a[i] : b[i]}, the three operands broadcast together. */
public record Where(String name, Value condition, Value a, Value b, Value y) implements Node {

    public Where {
        Check.name("Where", name);
        Check.present("Where", name, "condition", condition);
        Check.present("Where", name, "a", a);
        Check.present("Where", name, "b", b);
        Check.elementType("Where", name, "condition", condition, ElementType.BOOL);
        Check.sameElementType("Where", name, "b", b, a);
        Check.output("Where", name, y, infer(name, condition, a, b));
    }

    public static TensorType infer(String name, Value condition, Value a, Value b) {
        List<Integer> ab = Shapes.broadcast("Where", name, a.type().shape(), b.type().shape());
        return TensorType.of(a.type().elementType()).withShape(Shapes.broadcast("Where", name, condition.type().shape(), ab));
    }

    @Override
    public List<Value> inputs() {
        return List.of(condition, a, b);
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return condition.ref() + ", " + a.ref() + ", " + b.ref();
    }

    @Override
    public String attributeText() {
        return "";
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Where(name, replace.apply(condition), replace.apply(a), replace.apply(b), replace.apply(y));
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
