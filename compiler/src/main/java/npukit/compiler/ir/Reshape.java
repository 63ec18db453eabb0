package npukit.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The same elements under a new shape, read from the INT64 vector {@code shape}: -1 is inferred from
 * the element count, 0 copies the input's dimension (unless {@code allowZero}, where 0 is a size).
 */
public record Reshape(String name, Value x, Value shape, Value y, boolean allowZero) implements Node {

    public Reshape {
        Check.name("Reshape", name);
        Check.present("Reshape", name, "x", x);
        Check.present("Reshape", name, "shape", shape);
        Check.elementType("Reshape", name, "shape", shape, ElementType.INT64);
        Check.rank("Reshape", name, "shape", shape, 1);
        Check.present("Reshape", name, "output", y);
        if (y.type().elementType() != x.type().elementType()
                || (shape.type().dim(0) != TensorType.UNKNOWN && y.type().rank() != shape.type().dim(0))) {
            throw IrException.at("Reshape", name, "output " + y.text() + " must keep the element type of " + x.text()
                    + " and have the rank given by " + shape.text());
        }
        if (x.type().isStatic() && y.type().isStatic() && x.type().elementCount() != y.type().elementCount()) {
            throw IrException.at("Reshape", name, "output " + y.text() + " does not hold the elements of " + x.text());
        }
    }

    /** The output type for a known target shape. */
    public static TensorType infer(String name, Value x, long[] target, boolean allowZero) {
        List<Integer> in = x.type().shape();
        List<Integer> out = new ArrayList<>();
        int inferAt = -1;
        for (int i = 0; i < target.length; i++) {
            long d = target[i];
            if (d == -1) {
                if (inferAt >= 0) {
                    throw IrException.at("Reshape", name, "shape " + java.util.Arrays.toString(target) + " has more than one -1");
                }
                inferAt = i;
                out.add(TensorType.UNKNOWN);
            } else if (d == 0 && !allowZero) {
                if (i >= in.size()) {
                    throw IrException.at("Reshape", name, "shape entry 0 at " + i + " copies a dimension " + x.text() + " lacks");
                }
                out.add(in.get(i));
            } else if (d < 0 || d > Integer.MAX_VALUE) {
                throw IrException.at("Reshape", name, "shape entry " + d + " is not a dimension");
            } else {
                out.add((int) d);
            }
        }
        if (inferAt >= 0) {
            out.set(inferAt, inferred(name, x, target, allowZero, out, inferAt));
        }
        return new TensorType(x.type().elementType(), out, Layout.ANY);
    }

    /**
     * The size of the -1 entry: the input's element count over the product of the other entries.
     * Dimensions copied by 0 cancel out, so an unknown one there does not hide the answer.
     */
    private static int inferred(String name, Value x, long[] target, boolean allowZero, List<Integer> out, int inferAt) {
        List<Integer> in = x.type().shape();
        long rest = 1;
        for (int i = 0; i < in.size(); i++) {
            boolean copied = i < target.length && target[i] == 0 && !allowZero;
            if (!copied) {
                if (in.get(i) == TensorType.UNKNOWN) {
                    return TensorType.UNKNOWN;
                }
                rest *= in.get(i);
            }
        }
        long known = 1;
        for (int i = 0; i < out.size(); i++) {
            boolean copied = target[i] == 0 && !allowZero;
            if (i != inferAt && !copied) {
                known *= out.get(i);
            }
        }
        if (known == 0 || rest % known != 0) {
            throw IrException.at("Reshape", name, "cannot reshape " + x.text() + " to " + java.util.Arrays.toString(target));
        }
        return (int) (rest / known);
    }

    @Override
    public List<Value> inputs() {
        return List.of(x, shape);
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return x.ref() + ", shape=" + shape.ref();
    }

    @Override
    public String attributeText() {
        return "allowzero=" + allowZero;
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Reshape(name, replace.apply(x), replace.apply(shape), replace.apply(y), allowZero);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
