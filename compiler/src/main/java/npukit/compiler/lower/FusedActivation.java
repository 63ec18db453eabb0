package npukit.compiler.lower;

import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.ir.Value;

/**
 * A one-input float function (HardSwish, Sigmoid, GELU, ...) fused after a layer's product (and its
 * ReLU), on a chip whose vector ALU has a lookup table: in codes it is a map from each code of the
 * layer's output before it to a code of its own output, which the VALU's LUT applies to each chunk
 * before it is stored ({@link NpuLayer#table}). Every code is decoded, sent through the function as the
 * host would compute it and encoded again, so the table is the function exactly as far as the two
 * codecs can tell.
 *
 * @param node     the function's node name
 * @param input    the value it reads (the layer's output before it), which the layer's quant unit
 *                 encodes and whose range calibration watches
 * @param function what it computes on each element
 */
public record FusedActivation(String node, Value input, UnaryFunction function) {

    public FusedActivation {
        if (node == null || input == null || function == null) {
            throw new IllegalArgumentException("fused activation " + node + ": node, input and function are required");
        }
    }

    /** The function as the partition text shows it, e.g. {@code HardSwish}. */
    public String text() {
        return function.opName();
    }
}
