package npukit.compiler.ir;

/** numpy's matmul of two float tensors: batched, with broadcasting of the leading axes. */
public record MatMul(String name, Value a, Value b, Value y) implements BinaryNode {

    public MatMul {
        Check.name("MatMul", name);
        Check.present("MatMul", name, "a", a);
        Check.present("MatMul", name, "b", b);
        Check.elementType("MatMul", name, "a", a, ElementType.FLOAT);
        Check.elementType("MatMul", name, "b", b, ElementType.FLOAT);
        Check.output("MatMul", name, y, infer(name, a, b));
    }

    public static TensorType infer(String name, Value a, Value b) {
        return new TensorType(ElementType.FLOAT, Shapes.matmul("MatMul", name, a.type().shape(), b.type().shape()), Layout.ANY);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
