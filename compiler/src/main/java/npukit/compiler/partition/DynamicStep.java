package npukit.compiler.partition;

import npukit.compiler.ir.MatMul;
import npukit.compiler.lower.DynamicMatMul;

/**
 * A MatMul of two activations (attention's Q K^T and P V) for the NPU: the host quantizes both operands
 * when their values are known, the array multiplies each batch matrix pair, and the host scales the
 * accumulators back ({@link DynamicMatMul}). Whether the chip can run it is decided when compiling for
 * the chip.
 */
public record DynamicStep(MatMul node) implements Step {

    public DynamicStep {
        if (node == null || DynamicMatMul.refusal(node).isPresent()) {
            throw new IllegalArgumentException("a dynamic step needs a MatMul of two activations with static float "
                    + "shapes of rank 2 or more");
        }
    }

    @Override
    public String text() {
        return "npu  dynamic " + node.op() + " " + node.name() + ": " + node.operandText() + " -> " + node.y().ref()
                + " (operands quantized at run time)";
    }
}
