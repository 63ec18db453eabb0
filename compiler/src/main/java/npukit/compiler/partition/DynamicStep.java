package npukit.compiler.partition;

import java.util.Optional;
import java.util.stream.Collectors;
import npukit.arch.config.ChipConfig;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.MatMul;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Value;
import npukit.compiler.lower.ChannelGate;
import npukit.compiler.lower.DynamicMatMul;
import npukit.compiler.lower.DynamicProduct;

/**
 * A product of two activations for the NPU, its operands quantized at run time ({@link DynamicProduct}): a
 * MatMul (attention's Q K^T and P V, {@link DynamicMatMul}) or a channel gate's Mul (a squeeze-and-excitation
 * block's, {@link ChannelGate}). The host quantizes both operands when their values are known, the array
 * multiplies, and the host scales the accumulators back. Whether the chip can run it is decided when
 * compiling for the chip.
 */
public record DynamicStep(Node node) implements Step {

    public DynamicStep {
        if (node == null || refusal(node).isPresent()) {
            throw new IllegalArgumentException("a dynamic step needs a MatMul of two activations with static float "
                    + "shapes of rank 2 or more, or a channel gate's Mul: " + (node == null ? "none given"
                    : refusal(node).orElseThrow()));
        }
    }

    /** Why {@code node} cannot be a dynamic product on any chip, or empty if it can. */
    static Optional<String> refusal(Node node) {
        if (node instanceof MatMul mm) {
            return DynamicMatMul.refusal(mm);
        }
        if (node instanceof ElementwiseBinary e) {
            return ChannelGate.refusal(e);
        }
        return Optional.of(node.op() + " is not a product");
    }

    /**
     * The product on {@code chip}.
     *
     * @throws npukit.compiler.lower.IntegerLoweringException if the chip cannot run it
     */
    public DynamicProduct lower(ChipConfig chip) {
        return node instanceof MatMul mm ? DynamicMatMul.lower(mm, chip) : ChannelGate.lower((ElementwiseBinary) node, chip);
    }

    @Override
    public String text() {
        String operands = node instanceof MatMul mm ? mm.operandText()
                : node.inputs().stream().map(Value::ref).collect(Collectors.joining(", "));
        String kind = node instanceof MatMul ? "operands quantized at run time"
                : "a channel gate: operands quantized at run time";
        return "npu  dynamic " + node.op() + " " + node.name() + ": " + operands + " -> " + node.outputs().get(0).ref()
                + " (" + kind + ")";
    }
}
