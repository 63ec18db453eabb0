package npukit.compiler.ir;

import java.util.function.UnaryOperator;

/**
 * Each element converted to {@code y}'s element type: floating to integer truncates toward zero and
 * wraps (as a C cast), integer to narrower integer wraps, anything to BOOL is "not zero", floating to
 * FLOAT rounds to nearest.
 */
public record Cast(String name, Value x, Value y) implements UnaryNode {

    public Cast {
        Check.name("Cast", name);
        Check.present("Cast", name, "x", x);
        Check.present("Cast", name, "output", y);
        Check.output("Cast", name, y, x.type().withElementType(y.type().elementType()));
    }

    @Override
    public String attributeText() {
        return "to=" + y.type().elementType().text();
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Cast(name, replace.apply(x), replace.apply(y));
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
