package npukit.compiler.partition;

import java.util.stream.Collectors;
import npukit.compiler.ir.Node;

/**
 * An already-quantized ONNX operator (QLinearConv, QLinearMatMul, ConvInteger, MatMulInteger) for the
 * NPU: it keeps the model's own scales and zero points, so it is lowered as given, not re-quantized.
 * Whether the chip can run it is decided when compiling for the chip (operand width, rounding mode).
 */
public record IntegerStep(Node node) implements Step {

    public IntegerStep {
        if (node == null || !Partitioner.isIntegerProduct(node)) {
            throw new IllegalArgumentException("an integer step needs a QLinearConv, QLinearMatMul, ConvInteger or "
                    + "MatMulInteger node");
        }
    }

    @Override
    public String text() {
        return "npu  integer " + node.op() + " " + node.name() + ": "
                + node.inputs().get(0).ref() + " -> " + node.outputs().stream().map(v -> v.ref())
                .collect(Collectors.joining(", ")) + " (model's own quantization)";
    }
}
