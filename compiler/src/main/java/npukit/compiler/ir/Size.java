package npukit.compiler.ir;

import java.util.function.UnaryOperator;

/** The number of elements of {@code x} as an INT64 scalar; a static x folds to a constant. */
public record Size(String name, Value x, Value y) implements UnaryNode {

    public Size {
        Check.name("Size", name);
        Check.present("Size", name, "x", x);
        Check.output("Size", name, y, TensorType.of(ElementType.INT64));
    }

    @Override
    public String attributeText() {
        return "";
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Size(name, replace.apply(x), replace.apply(y));
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
