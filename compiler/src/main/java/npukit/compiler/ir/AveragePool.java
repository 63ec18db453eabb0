package npukit.compiler.ir;

import java.util.function.UnaryOperator;

/**
 * The mean of each window. With {@code countIncludePad} the divisor counts the padding cells a window
 * covers, otherwise only the input cells.
 */
public record AveragePool(String name, Value x, Value y, PoolWindow window, boolean countIncludePad) implements UnaryNode {

    public AveragePool {
        Check.name("AveragePool", name);
        Check.present("AveragePool", name, "x", x);
        if (window == null) {
            throw IrException.at("AveragePool", name, "window is missing");
        }
        Check.elementType("AveragePool", name, "x", x, ElementType.FLOAT);
        Check.output("AveragePool", name, y, window.outputType("AveragePool", name, x.type()));
    }

    @Override
    public String attributeText() {
        return window.text() + " count_include_pad=" + countIncludePad;
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new AveragePool(name, replace.apply(x), replace.apply(y), window, countIncludePad);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
