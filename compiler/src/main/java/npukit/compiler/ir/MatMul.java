package npukit.compiler.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * numpy's matmul: batched, with broadcasting of the leading axes; 1-D operands are promoted and their
 * axis dropped again. Floating products round once per element; integer ones are exact and wrap.
 */
public record MatMul(String name, Value a, Value b, Value y) implements Node {

    public MatMul {
        Check.name("MatMul", name);
        Check.present("MatMul", name, "a", a);
        Check.present("MatMul", name, "b", b);
        Check.elementType("MatMul", name, "a", a, ElementType.FLOAT, ElementType.DOUBLE, ElementType.INT32,
                ElementType.INT64, ElementType.UINT32);
        Check.sameElementType("MatMul", name, "b", b, a);
        Check.output("MatMul", name, y, infer(name, a, b));
    }

    public static TensorType infer(String name, Value a, Value b) {
        return new TensorType(a.type().elementType(), Shapes.matmul("MatMul", name, a.type().shape(), b.type().shape()),
                Layout.ANY);
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
        return "";
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new MatMul(name, replace.apply(a), replace.apply(b), replace.apply(y));
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
