package npukit.compiler.ir;

/** {@code y = x < 0 ? alpha * x : x}, element-wise on floats. */
public record LeakyRelu(String name, Value x, Value y, float alpha) implements UnaryNode {

    public LeakyRelu {
        Check.name("LeakyRelu", name);
        Check.present("LeakyRelu", name, "x", x);
        Check.elementType("LeakyRelu", name, "x", x, ElementType.FLOAT);
        if (!Float.isFinite(alpha)) {
            throw IrException.at("LeakyRelu", name, "alpha must be finite, not " + alpha);
        }
        Check.output("LeakyRelu", name, y, x.type());
    }

    @Override
    public String attributeText() {
        return "alpha=" + alpha;
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
