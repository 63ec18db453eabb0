package npukit.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Cuts {@code x} along {@code axis} into consecutive parts, one per output: of the lengths the integer
 * vector {@code split} lists, or else equal parts (the last one smaller when the axis does not divide).
 */
public record Split(String name, Value x, Optional<Value> split, List<Value> ys, int axis) implements Node {

    public Split {
        Check.name("Split", name);
        Check.present("Split", name, "x", x);
        Check.optional("Split", name, "split", split);
        split.ifPresent(s -> Check.indexVector("Split", name, "split", s));
        if (ys == null || ys.isEmpty()) {
            throw IrException.at("Split", name, "needs at least one output");
        }
        ys = List.copyOf(ys);
        Check.axis("Split", name, axis, x.type().rank());
        for (Value y : ys) {
            Check.output("Split", name, y, Check.unknownShape(x.type().elementType(), x.type().rank()));
        }
    }

    /** The lengths of the parts: {@code split} when given, else {@code parts} near-equal ones. */
    public static long[] lengths(String name, int dim, long[] split, int parts) {
        if (split != null) {
            long total = 0;
            for (long s : split) {
                if (s < 0) {
                    throw IrException.at("Split", name, "split lengths must be >= 0, not " + s);
                }
                total += s;
            }
            if (dim != TensorType.UNKNOWN && total != dim) {
                throw IrException.at("Split", name, "split lengths add to " + total + ", the axis has " + dim);
            }
            return split.clone();
        }
        long[] out = new long[parts];
        if (dim == TensorType.UNKNOWN) {
            java.util.Arrays.fill(out, TensorType.UNKNOWN);
            return out;
        }
        long chunk = (dim + parts - 1) / parts;
        for (int i = 0; i < parts; i++) {
            out[i] = Math.max(0, Math.min(chunk, dim - i * chunk));
        }
        return out;
    }

    /** The output types for known lengths. */
    public static List<TensorType> infer(Value x, int axis, long[] lengths) {
        List<TensorType> out = new ArrayList<>();
        for (long n : lengths) {
            List<Integer> shape = new ArrayList<>(x.type().shape());
            shape.set(axis, (int) n);
            out.add(x.type().withShape(shape));
        }
        return out;
    }

    @Override
    public List<Value> inputs() {
        return Check.withOptionals(List.of(x), List.of(split));
    }

    @Override
    public List<Value> outputs() {
        return ys;
    }

    @Override
    public String operandText() {
        return x.ref() + Check.optionalText("split", split);
    }

    @Override
    public String attributeText() {
        return "axis=" + axis;
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Split(name, replace.apply(x), split.map(replace), ys.stream().map(replace).collect(Collectors.toList()), axis);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
