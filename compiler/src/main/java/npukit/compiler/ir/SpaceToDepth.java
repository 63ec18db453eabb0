package npukit.compiler.ir;

import java.util.function.UnaryOperator;

/** The inverse of DepthToSpace in DCR order: (N, C, H, W) to (N, C b^2, H / b, W / b). */
public record SpaceToDepth(String name, Value x, Value y, int blockSize) implements UnaryNode {

    public SpaceToDepth {
        Check.name("SpaceToDepth", name);
        Check.present("SpaceToDepth", name, "x", x);
        Check.rank("SpaceToDepth", name, "x", x, 4);
        if (blockSize < 1) {
            throw IrException.at("SpaceToDepth", name, "blocksize must be >= 1, not " + blockSize);
        }
        Check.output("SpaceToDepth", name, y, infer(name, x, blockSize));
    }

    public static TensorType infer(String name, Value x, int b) {
        int h = x.type().dim(2);
        int w = x.type().dim(3);
        if ((h != TensorType.UNKNOWN && h % b != 0) || (w != TensorType.UNKNOWN && w % b != 0)) {
            throw IrException.at("SpaceToDepth", name, "height and width of " + x.text() + " are not multiples of " + b);
        }
        int c = x.type().dim(1);
        return TensorType.of(x.type().elementType(), x.type().dim(0), DepthToSpace.unknownOr(c, c * b * b),
                DepthToSpace.unknownOr(h, h / b), DepthToSpace.unknownOr(w, w / b));
    }

    @Override
    public String attributeText() {
        return "blocksize=" + blockSize;
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new SpaceToDepth(name, replace.apply(x), replace.apply(y), blockSize);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
