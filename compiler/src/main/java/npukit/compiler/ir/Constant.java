package npukit.compiler.ir;

import java.util.List;
import java.util.function.UnaryOperator;

/** Defines {@code y} as a fixed tensor. */
public record Constant(String name, Value y, Tensor value) implements Node {

    public Constant {
        Check.name("Constant", name);
        Check.present("Constant", name, "output", y);
        if (value == null) {
            throw IrException.at("Constant", name, "value is missing");
        }
        Check.output("Constant", name, y, value.type());
    }

    @Override
    public List<Value> inputs() {
        return List.of();
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return "";
    }

    @Override
    public String attributeText() {
        return "value=" + value.type().text() + " crc32=" + value.digest();
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Constant(name, replace.apply(y), value);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
