package npukit.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Inserts size-1 axes at the positions (of the output) the integer vector {@code axes} lists. */
public record Unsqueeze(String name, Value x, Value axes, Value y) implements Node {

    public Unsqueeze {
        Check.name("Unsqueeze", name);
        Check.present("Unsqueeze", name, "x", x);
        Check.indexVector("Unsqueeze", name, "axes", axes);
        int added = Check.length(axes);
        Check.output("Unsqueeze", name, y, Check.unknownShape(x.type().elementType(),
                added == TensorType.UNKNOWN ? y.type().rank() : x.type().rank() + added));
    }

    /** The output type for known axes. */
    public static TensorType infer(String name, Value x, long[] axes) {
        int rank = x.type().rank() + axes.length;
        boolean[] inserted = new boolean[rank];
        for (long a : axes) {
            int axis = Shapes.normalizeAxis("Unsqueeze", name, a, rank);
            if (inserted[axis]) {
                throw IrException.at("Unsqueeze", name, "axis " + a + " is listed twice");
            }
            inserted[axis] = true;
        }
        List<Integer> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < rank; i++) {
            out.add(inserted[i] ? 1 : x.type().dim(from++));
        }
        return TensorType.of(x.type().elementType()).withShape(out);
    }

    @Override
    public List<Value> inputs() {
        return List.of(x, axes);
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return x.ref() + ", axes=" + axes.ref();
    }

    @Override
    public String attributeText() {
        return "";
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Unsqueeze(name, replace.apply(x), replace.apply(axes), replace.apply(y));
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
