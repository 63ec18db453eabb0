package npukit.compiler.ir;

/** {@code y = max(x, 0)}, element-wise, on float or signed integer tensors. */
public record Relu(String name, Value x, Value y) implements UnaryNode {

    public Relu {
        Check.name("Relu", name);
        Check.present("Relu", name, "x", x);
        Check.elementType("Relu", name, "x", x, ElementType.FLOAT, ElementType.INT8, ElementType.INT32, ElementType.INT64);
        Check.output("Relu", name, y, x.type());
    }

    @Override
    public String attributeText() {
        return "";
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
