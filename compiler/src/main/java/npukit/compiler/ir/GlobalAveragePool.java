package npukit.compiler.ir;

import java.util.function.UnaryOperator;

/** The mean over height and width of each channel: (N, C, H, W) to (N, C, 1, 1). */
public record GlobalAveragePool(String name, Value x, Value y) implements UnaryNode {

    public GlobalAveragePool {
        Check.name("GlobalAveragePool", name);
        Check.present("GlobalAveragePool", name, "x", x);
        Check.elementType("GlobalAveragePool", name, "x", x, ElementType.FLOAT);
        Check.output("GlobalAveragePool", name, y, infer(name, x));
    }

    public static TensorType infer(String name, Value x) {
        if (x.type().rank() != 4 || x.type().layout() == Layout.ANY) {
            throw IrException.at("GlobalAveragePool", name, "input must be a 4-D NCHW or NHWC image, not " + x.text());
        }
        ImageShape in = ImageShape.of(x.type());
        return new ImageShape(in.n(), in.c(), 1, 1).toType(ElementType.FLOAT, x.type().layout());
    }

    @Override
    public String attributeText() {
        return "";
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new GlobalAveragePool(name, replace.apply(x), replace.apply(y));
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
