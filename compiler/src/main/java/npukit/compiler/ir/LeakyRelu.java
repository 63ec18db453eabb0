package npukit.compiler.ir;

import java.util.List;

/** {@code y = x < 0 ? alpha * x : x}, element-wise on floats. */
public record LeakyRelu(String name, Value x, Value y, float alpha) implements Node {

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
        return "alpha=" + alpha;
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
