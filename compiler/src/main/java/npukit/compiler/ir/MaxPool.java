package npukit.compiler.ir;

import java.util.function.UnaryOperator;

/** The largest element of each window; padding never wins. */
public record MaxPool(String name, Value x, Value y, PoolWindow window) implements UnaryNode {

    public MaxPool {
        Check.name("MaxPool", name);
        Check.present("MaxPool", name, "x", x);
        if (window == null) {
            throw IrException.at("MaxPool", name, "window is missing");
        }
        Check.elementType("MaxPool", name, "x", x, ElementType.FLOAT, ElementType.INT8, ElementType.UINT8);
        Check.output("MaxPool", name, y, window.outputType("MaxPool", name, x.type()));
    }

    @Override
    public String attributeText() {
        return window.text();
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new MaxPool(name, replace.apply(x), replace.apply(y), window);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
