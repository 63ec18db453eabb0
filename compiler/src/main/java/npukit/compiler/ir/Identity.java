package npukit.compiler.ir;

import java.util.function.UnaryOperator;

/** {@code y = x}: ONNX's Identity, and Dropout at inference. */
public record Identity(String name, Value x, Value y) implements UnaryNode {

    public Identity {
        Check.name("Identity", name);
        Check.present("Identity", name, "x", x);
        Check.output("Identity", name, y, x.type());
    }

    @Override
    public String attributeText() {
        return "";
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Identity(name, replace.apply(x), replace.apply(y));
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
