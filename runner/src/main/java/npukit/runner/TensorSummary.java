package npukit.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import npukit.compiler.ir.Tensor;

/**
 * What a person reads of an output tensor: its type, smallest and largest value, the first few values
 * and, for a classifier's scores (one axis longer than 1), the index of the largest. The whole tensor
 * belongs in a file, not on a terminal line.
 *
 * @param type   the tensor's type as text ({@code f32[1,10]})
 * @param min    the smallest value
 * @param max    the largest value
 * @param first  the first {@link #SHOWN} values (all of them for a smaller tensor)
 * @param size   how many values it holds
 * @param argmax the index of the largest value (the first of equals) along the one axis longer than 1
 */
public record TensorSummary(String type, double min, double max, List<Double> first, int size, OptionalInt argmax) {

    /** Values shown of a tensor. */
    public static final int SHOWN = 8;

    public TensorSummary {
        first = List.copyOf(first);
    }

    public static TensorSummary of(Tensor t) {
        if (t.size() == 0) {
            return new TensorSummary(t.type().text(), Double.NaN, Double.NaN, List.of(), 0, OptionalInt.empty());
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        List<Double> first = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            double v = t.getDouble(i);
            min = Math.min(min, v);
            max = Math.max(max, v);
            if (i < SHOWN) {
                first.add(v);
            }
        }
        long longAxes = t.shape().stream().filter(d -> d > 1).count();
        OptionalInt argmax = longAxes == 1 ? OptionalInt.of(Evaluation.argmax(t)) : OptionalInt.empty();
        return new TensorSummary(t.type().text(), min, max, first, t.size(), argmax);
    }

    /** {@code f32[1,10]: min -1702, max 0.000, arg-max 7; first 8 of 10: [-1702, -1352, ...]}. */
    public String text() {
        if (size == 0) {
            return type + ": empty";
        }
        StringBuilder s = new StringBuilder(type).append(": min ").append(number(min)).append(", max ").append(number(max));
        argmax.ifPresent(i -> s.append(", arg-max ").append(i));
        s.append(size > first.size() ? "; first " + first.size() + " of " + size + ": [" : "; values: [");
        for (int i = 0; i < first.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(number(first.get(i)));
        }
        return s.append(']').toString();
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
