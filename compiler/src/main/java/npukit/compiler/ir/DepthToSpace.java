package npukit.compiler.ir;

import java.util.function.UnaryOperator;

/**
 * Moves blocks of channels into space: (N, C, H, W) to (N, C / b^2, H b, W b). In DCR order the
 * channel index is (block row, block column, output channel); in CRD order (output channel, block row,
 * block column).
 */
public record DepthToSpace(String name, Value x, Value y, int blockSize, boolean columnRowDepth) implements UnaryNode {

    public DepthToSpace {
        Check.name("DepthToSpace", name);
        Check.present("DepthToSpace", name, "x", x);
        Check.rank("DepthToSpace", name, "x", x, 4);
        if (blockSize < 1) {
            throw IrException.at("DepthToSpace", name, "blocksize must be >= 1, not " + blockSize);
        }
        Check.output("DepthToSpace", name, y, infer(name, x, blockSize));
    }

    public static TensorType infer(String name, Value x, int b) {
        int c = x.type().dim(1);
        if (c != TensorType.UNKNOWN && c % (b * b) != 0) {
            throw IrException.at("DepthToSpace", name, "channels of " + x.text() + " are not a multiple of " + b * b);
        }
        return TensorType.of(x.type().elementType(), x.type().dim(0), unknownOr(c, c / (b * b)),
                unknownOr(x.type().dim(2), x.type().dim(2) * b), unknownOr(x.type().dim(3), x.type().dim(3) * b));
    }

    static int unknownOr(int d, int value) {
        return d == TensorType.UNKNOWN ? d : value;
    }

    @Override
    public String attributeText() {
        return "blocksize=" + blockSize + " mode=" + (columnRowDepth ? "CRD" : "DCR");
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new DepthToSpace(name, replace.apply(x), replace.apply(y), blockSize, columnRowDepth);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
