package npukit.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Pads (or, with negative amounts, crops) {@code x}: the INT64 vector {@code pads} gives the begin
 * amounts of each padded axis, then the end amounts; the axes are those {@code axes} lists, or all.
 * New elements are {@code constantValue} (default 0), or mirror ({@code REFLECT}), repeat the edge
 * ({@code EDGE}) or wrap around ({@code WRAP}).
 */
public record Pad(String name, Value x, Value pads, Optional<Value> constantValue, Optional<Value> axes, Value y, Mode mode)
        implements Node {

    /** Where padded elements come from. */
    public enum Mode { CONSTANT, REFLECT, EDGE, WRAP }

    public Pad {
        Check.name("Pad", name);
        Check.present("Pad", name, "x", x);
        Check.indexVector("Pad", name, "pads", pads);
        Check.optional("Pad", name, "constant_value", constantValue);
        Check.optional("Pad", name, "axes", axes);
        constantValue.ifPresent(c -> {
            Check.scalar("Pad", name, "constant_value", c);
            Check.sameElementType("Pad", name, "constant_value", c, x);
        });
        axes.ifPresent(a -> Check.indexVector("Pad", name, "axes", a));
        if (mode == null) {
            throw IrException.at("Pad", name, "mode is missing");
        }
        Check.output("Pad", name, y, Check.unknownShape(x.type().elementType(), x.type().rank()));
    }

    /** The begin and end amount of each axis of x: {@code [rank][2]}. */
    public static long[][] amounts(String name, int rank, long[] pads, long[] axes) {
        int n = axes == null ? rank : axes.length;
        if (pads.length != 2 * n) {
            throw IrException.at("Pad", name, "pads has " + pads.length + " entries for " + n + " padded axes");
        }
        long[][] out = new long[rank][2];
        for (int i = 0; i < n; i++) {
            int axis = axes == null ? i : Shapes.normalizeAxis("Pad", name, axes[i], rank);
            out[axis][0] = pads[i];
            out[axis][1] = pads[i + n];
        }
        return out;
    }

    /** The output type for known amounts. */
    public static TensorType infer(String name, Value x, long[][] amounts) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < amounts.length; i++) {
            int d = x.type().dim(i);
            long n = d == TensorType.UNKNOWN ? d : d + amounts[i][0] + amounts[i][1];
            if (d != TensorType.UNKNOWN && (n < 0 || n > Integer.MAX_VALUE)) {
                throw IrException.at("Pad", name, "padding axis " + i + " of " + x.text() + " leaves " + n + " elements");
            }
            out.add((int) n);
        }
        return x.type().withShape(out);
    }

    @Override
    public List<Value> inputs() {
        return Check.withOptionals(List.of(x, pads), List.of(constantValue, axes));
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return x.ref() + ", pads=" + pads.ref() + Check.optionalText("constant_value", constantValue)
                + Check.optionalText("axes", axes);
    }

    @Override
    public String attributeText() {
        return "mode=" + mode.name().toLowerCase();
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Pad(name, replace.apply(x), replace.apply(pads), constantValue.map(replace), axes.map(replace),
                replace.apply(y), mode);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
