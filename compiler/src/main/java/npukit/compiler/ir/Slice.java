package npukit.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A strided window of {@code x}: along each axis listed by {@code axes} (default: the first
 * len(starts)), the elements from {@code starts} toward {@code ends} (exclusive) by {@code steps}
 * (default 1), bounds clamped as ONNX defines; every operand an integer vector.
 */
public record Slice(String name, Value x, Value starts, Value ends, Optional<Value> axes, Optional<Value> steps, Value y)
        implements Node {

    /** Where a slice reads along each axis of the input: the first index, the step and the count. */
    public record Window(long[] start, long[] step, int[] count) {
    }

    public Slice {
        Check.name("Slice", name);
        Check.present("Slice", name, "x", x);
        Check.indexVector("Slice", name, "starts", starts);
        Check.indexVector("Slice", name, "ends", ends);
        Check.optional("Slice", name, "axes", axes);
        Check.optional("Slice", name, "steps", steps);
        axes.ifPresent(a -> Check.indexVector("Slice", name, "axes", a));
        steps.ifPresent(s -> Check.indexVector("Slice", name, "steps", s));
        Check.output("Slice", name, y, Check.unknownShape(x.type().elementType(), x.type().rank()));
    }

    /** The window for an input of {@code dims} and the operands' values; an unknown sliced dimension gives an unknown count. */
    public static Window window(String name, List<Integer> dims, long[] starts, long[] ends, long[] axes, long[] steps) {
        int rank = dims.size();
        if (ends.length != starts.length || (axes != null && axes.length != starts.length)
                || (steps != null && steps.length != starts.length)) {
            throw IrException.at("Slice", name, "starts, ends, axes and steps must have one entry per sliced axis");
        }
        long[] start = new long[rank];
        long[] step = new long[rank];
        int[] count = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            step[i] = 1;
            count[i] = dims.get(i);
        }
        for (int i = 0; i < starts.length; i++) {
            int axis = Shapes.normalizeAxis("Slice", name, axes == null ? i : axes[i], rank);
            if (seen[axis]) {
                throw IrException.at("Slice", name, "axis " + axis + " is sliced twice");
            }
            seen[axis] = true;
            long s = steps == null ? 1 : steps[i];
            if (s == 0) {
                throw IrException.at("Slice", name, "step 0 on axis " + axis);
            }
            if (dims.get(axis) == TensorType.UNKNOWN) {
                count[axis] = TensorType.UNKNOWN;
                continue;
            }
            long dim = dims.get(axis);
            long b = starts[i] < 0 ? starts[i] + dim : starts[i];
            long e = ends[i] < 0 ? ends[i] + dim : ends[i];
            if (s > 0) {
                b = Math.max(0, Math.min(dim, b));
                e = Math.max(0, Math.min(dim, e));
            } else {
                b = Math.max(-1, Math.min(dim - 1, b));
                e = Math.max(-1, Math.min(dim - 1, e));
            }
            long n = s > 0 ? Math.max(0, (e - b + s - 1) / s) : Math.max(0, (b - e - s - 1) / -s);
            start[axis] = b;
            step[axis] = s;
            count[axis] = (int) n;
        }
        return new Window(start, step, count);
    }

    /** The output type when every operand is known. */
    public static TensorType infer(String name, Value x, long[] starts, long[] ends, long[] axes, long[] steps) {
        Window w = window(name, x.type().shape(), starts, ends, axes, steps);
        List<Integer> out = new ArrayList<>();
        for (int c : w.count()) {
            out.add(c);
        }
        return x.type().withShape(out);
    }

    @Override
    public List<Value> inputs() {
        return Check.withOptionals(List.of(x, starts, ends), List.of(axes, steps));
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return x.ref() + ", starts=" + starts.ref() + ", ends=" + ends.ref() + Check.optionalText("axes", axes)
                + Check.optionalText("steps", steps);
    }

    @Override
    public String attributeText() {
        return "";
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Slice(name, replace.apply(x), replace.apply(starts), replace.apply(ends), axes.map(replace),
                steps.map(replace), replace.apply(y));
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
