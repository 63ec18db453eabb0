package npukit.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Normalizes {@code x} over the axes from {@code axis} on: {@code y = (x - mean) / sqrt(var + epsilon)
 * * scale + bias}, scale and bias broadcast to those axes. The optional outputs {@code mean} and
 * {@code invStdDev} hold the statistics (x's shape with the normalized axes of size 1), in FLOAT.
 */
public record LayerNormalization(String name, Value x, Value scale, Optional<Value> bias, Value y, Optional<Value> mean,
                                 Optional<Value> invStdDev, int axis, float epsilon) implements Node {

    public LayerNormalization {
        String op = "LayerNormalization";
        Check.name(op, name);
        Check.present(op, name, "x", x);
        Check.present(op, name, "scale", scale);
        Check.optional(op, name, "bias", bias);
        Check.optional(op, name, "mean", mean);
        Check.optional(op, name, "inv_std_dev", invStdDev);
        Check.elementType(op, name, "x", x, ElementType.FLOAT, ElementType.DOUBLE);
        Check.sameElementType(op, name, "scale", scale, x);
        bias.ifPresent(b -> Check.sameElementType(op, name, "bias", b, x));
        Check.axis(op, name, axis, x.type().rank());
        List<Integer> normalized = x.type().shape().subList(axis, x.type().rank());
        for (Value p : Check.withOptionals(List.of(scale), List.of(bias))) {
            if (!Shapes.broadcastsTo(p.type().shape(), normalized)) {
                throw IrException.at(op, name, p.text() + " does not broadcast to the normalized axes " + normalized);
            }
        }
        if (!(epsilon >= 0)) {
            throw IrException.at(op, name, "epsilon must be >= 0, not " + epsilon);
        }
        Check.output(op, name, y, x.type());
        TensorType stats = statisticsType(x, axis);
        mean.ifPresent(m -> Check.output(op, name, m, stats));
        invStdDev.ifPresent(s -> Check.output(op, name, s, stats));
    }

    /** x's shape with the normalized axes of size 1, in FLOAT. */
    public static TensorType statisticsType(Value x, int axis) {
        List<Integer> s = new ArrayList<>(x.type().shape());
        for (int i = axis; i < s.size(); i++) {
            s.set(i, 1);
        }
        return TensorType.of(ElementType.FLOAT).withShape(s);
    }

    @Override
    public List<Value> inputs() {
        return Check.withOptionals(List.of(x, scale), List.of(bias));
    }

    @Override
    public List<Value> outputs() {
        return Check.withOptionals(List.of(y), List.of(mean, invStdDev));
    }

    @Override
    public String operandText() {
        return x.ref() + ", scale=" + scale.ref() + Check.optionalText("bias", bias);
    }

    @Override
    public String attributeText() {
        return "axis=" + axis + " epsilon=" + epsilon;
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new LayerNormalization(name, replace.apply(x), replace.apply(scale), bias.map(replace), replace.apply(y),
                mean.map(replace), invStdDev.map(replace), axis, epsilon);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
