package npukit.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Reduces {@code x} along the axes listed by the INT64 vector {@code axes} (negative axes count from
 * the end); without axes (or with an empty list) along every axis, unless {@code noopWithEmptyAxes},
 * where the input passes unchanged. {@code keepDims} keeps reduced axes as size 1.
 */
public record Reduce(String name, ReduceFunction function, Value x, Optional<Value> axes, Value y, boolean keepDims,
                     boolean noopWithEmptyAxes) implements Node {

    public Reduce {
        String op = function == null ? "Reduce" : function.opName();
        Check.name(op, name);
        if (function == null) {
            throw IrException.at(op, name, "function is missing");
        }
        Check.present(op, name, "x", x);
        Check.optional(op, name, "axes", axes);
        axes.ifPresent(a -> Check.indexVector(op, name, "axes", a));
        if (x.type().elementType() == ElementType.BOOL) {
            throw IrException.at(op, name, "x " + x.text() + " must be numeric");
        }
        Check.present(op, name, "output", y);
        if (y.type().elementType() != x.type().elementType() || (keepDims && y.type().rank() != x.type().rank())) {
            throw IrException.at(op, name, "output " + y.text() + " must keep the element type of " + x.text()
                    + (keepDims ? " and its rank" : ""));
        }
    }

    /**
     * The output type for known {@code axes} (null when there is no axes operand). Axes out of range or
     * repeated are an error.
     */
    public static TensorType infer(String name, ReduceFunction function, Value x, long[] axes, boolean keepDims,
                                   boolean noopWithEmptyAxes) {
        int rank = x.type().rank();
        boolean[] reduced = reducedAxes(function.opName(), name, rank, axes, noopWithEmptyAxes);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            if (!reduced[i]) {
                out.add(x.type().dim(i));
            } else if (keepDims) {
                out.add(1);
            }
        }
        return TensorType.of(x.type().elementType()).withShape(out);
    }

    /** Which axes a reduction over {@code axes} (null: none given) covers. */
    public static boolean[] reducedAxes(String op, String name, int rank, long[] axes, boolean noopWithEmptyAxes) {
        boolean[] reduced = new boolean[rank];
        if (axes == null || axes.length == 0) {
            java.util.Arrays.fill(reduced, !noopWithEmptyAxes);
            return reduced;
        }
        for (long a : axes) {
            int axis = Shapes.normalizeAxis(op, name, a, rank);
            if (reduced[axis]) {
                throw IrException.at(op, name, "axis " + a + " is listed twice");
            }
            reduced[axis] = true;
        }
        return reduced;
    }

    @Override
    public String op() {
        return function.opName();
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
        return "keepdims=" + keepDims + (noopWithEmptyAxes ? " noop_with_empty_axes=true" : "");
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Reduce(name, function, replace.apply(x), axes.map(replace), replace.apply(y), keepDims, noopWithEmptyAxes);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
