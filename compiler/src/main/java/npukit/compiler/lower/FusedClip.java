package npukit.compiler.lower;

import java.util.OptionalDouble;
import npukit.compiler.ir.Value;

/**
 * A Clip with constant, finite bounds fused after a layer's product (and its ReLU): y = min(max(x,
 * min), max), an absent bound not clamping. Any monotone quantizer q commutes with min and max, so in
 * codes the clip is exactly a clamp of the layer's output codes to [q(min), q(max)], which the VALU's
 * CLAMP applies to each chunk before it is stored.
 *
 * @param node  the Clip node's name
 * @param input the value the Clip reads (the layer's output before the clip), which becomes the
 *              layer's output again when a chip cannot clamp its codes ({@link FusedLayer#withoutClip})
 * @param min   the lower bound, if any
 * @param max   the upper bound, if any
 */
public record FusedClip(String node, Value input, OptionalDouble min, OptionalDouble max) {

    public FusedClip {
        if (node == null || input == null || min == null || max == null) {
            throw new IllegalArgumentException("fused clip " + node + ": node, input and both bounds are required");
        }
        if ((min.isPresent() && !Double.isFinite(min.getAsDouble()))
                || (max.isPresent() && !Double.isFinite(max.getAsDouble()))) {
            throw new IllegalArgumentException("fused clip " + node + ": bounds must be finite, got " + text(min, max));
        }
    }

    /** The bounds as the partition text shows them: {@code clip[0,6]}, {@code clip[,6]}. */
    public String text() {
        return text(min, max);
    }

    private static String text(OptionalDouble min, OptionalDouble max) {
        return "clip[" + bound(min) + "," + bound(max) + "]";
    }

    private static String bound(OptionalDouble b) {
        if (b.isEmpty()) {
            return "";
        }
        double v = b.getAsDouble();
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
