package npukit.compiler.ir;

import java.util.function.UnaryOperator;

/**
 * The dimensions of {@code x} from axis {@code start} to {@code end} (exclusive; normalized, clamped to
 * 0..rank and start <= end) as an INT64 vector. Depends only on x's type, so a static x folds to a constant.
 */
public record Shape(String name, Value x, Value y, int start, int end) implements UnaryNode {

    public Shape {
        Check.name("Shape", name);
        Check.present("Shape", name, "x", x);
        int rank = x.type().rank();
        if (start < 0 || end > rank || start > end) {
            throw IrException.at("Shape", name, "axes " + start + ".." + end + " out of range for " + x.text());
        }
        Check.output("Shape", name, y, infer(start, end));
    }

    public static TensorType infer(int start, int end) {
        return TensorType.of(ElementType.INT64, Math.max(0, end - start));
    }

    @Override
    public String attributeText() {
        return start == 0 && end == x.type().rank() ? "" : "start=" + start + " end=" + end;
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Shape(name, replace.apply(x), replace.apply(y), start, end);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
