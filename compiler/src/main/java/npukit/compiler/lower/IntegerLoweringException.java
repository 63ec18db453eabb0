package npukit.compiler.lower;

/**
 * An integer ONNX node that cannot run on the chip as ONNX defines it (weights not constant, operands
 * wider than the array, a quant unit that cannot reproduce ONNX's rounding). The message names the
 * node and the offending value, so a partitioner can report why the node stays on the host.
 */
public final class IntegerLoweringException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public IntegerLoweringException(String message) {
        super(message);
    }
}
