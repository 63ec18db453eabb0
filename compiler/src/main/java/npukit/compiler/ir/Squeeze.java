package npukit.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Removes the size-1 axes listed by the integer vector {@code axes}, or every size-1 axis without it. */
public record Squeeze(String name, Value x, Optional<Value> axes, Value y) implements Node {

    public Squeeze {
        Check.name("Squeeze", name);
        Check.present("Squeeze", name, "x", x);
        Check.optional("Squeeze", name, "axes", axes);
        axes.ifPresent(a -> Check.indexVector("Squeeze", name, "axes", a));
        Check.present("Squeeze", name, "output", y);
        if (y.type().elementType() != x.type().elementType() || y.type().rank() > x.type().rank()) {
            throw IrException.at("Squeeze", name, "output " + y.text() + " cannot be a squeeze of " + x.text());
        }
    }

    /** The output type for known axes (null: every size-1 axis, which needs x's shape known). */
    public static TensorType infer(String name, Value x, long[] axes) {
        int rank = x.type().rank();
        boolean[] drop = new boolean[rank];
        if (axes == null) {
            for (int i = 0; i < rank; i++) {
                if (x.type().dim(i) == TensorType.UNKNOWN) {
                    throw IrException.at("Squeeze", name, "without axes the shape of " + x.text() + " must be known");
                }
                drop[i] = x.type().dim(i) == 1;
            }
        } else {
            for (long a : axes) {
                int axis = Shapes.normalizeAxis("Squeeze", name, a, rank);
                int d = x.type().dim(axis);
                if (d != 1 && d != TensorType.UNKNOWN) {
                    throw IrException.at("Squeeze", name, "axis " + a + " of " + x.text() + " is not of size 1");
                }
                drop[axis] = true;
            }
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            if (!drop[i]) {
                out.add(x.type().dim(i));
            }
        }
        return TensorType.of(x.type().elementType()).withShape(out);
    }

    @Override
    public List<Value> inputs() {
        return Check.withOptionals(List.of(x), List.of(axes));
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return x.ref() + Check.optionalText("axes", axes);
    }

    @Override
    public String attributeText() {
        return "";
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Squeeze(name, replace.apply(x), axes.map(replace), replace.apply(y));
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
