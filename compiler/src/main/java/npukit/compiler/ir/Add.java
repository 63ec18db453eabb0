package npukit.compiler.ir;

import java.util.List;

/** Element-wise sum with numpy broadcasting; integer sums wrap in the element type, as ONNX does. */
public record Add(String name, Value a, Value b, Value y) implements BinaryNode {

    public Add {
        Check.name("Add", name);
        Check.present("Add", name, "a", a);
        Check.present("Add", name, "b", b);
        Check.sameElementType("Add", name, "b", b, a);
        Check.output("Add", name, y, infer(name, a, b));
    }

    public static TensorType infer(String name, Value a, Value b) {
        List<Integer> shape = Shapes.broadcast("Add", name, a.type().shape(), b.type().shape());
        Layout layout = a.type().shape().equals(shape) ? a.type().layout() : Layout.ANY;
        return new TensorType(a.type().elementType(), shape, shape.size() == 4 ? layout : Layout.ANY);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
