package npukit.compiler.onnx;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.compiler.ir.DequantizeLinear;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.QuantizeLinear;
import npukit.compiler.ir.Value;

/** QuantizeLinear and DequantizeLinear (per-axis parameters from opset 13, axis default 1), DynamicQuantizeLinear. */
final class QuantConverters {

    private QuantConverters() {
    }

    static void register(Map<String, OpConverter> registry) {
        registry.put("QuantizeLinear", QuantConverters::quantize);
        registry.put("DequantizeLinear", QuantConverters::dequantize);
        registry.put("DynamicQuantizeLinear", node -> List.of(new npukit.compiler.ir.DynamicQuantizeLinear(node.name(),
                node.input(0), node.output(0, node.input(0).type().withElementType(npukit.compiler.ir.ElementType.UINT8)),
                node.output(1, npukit.compiler.ir.TensorType.of(npukit.compiler.ir.ElementType.FLOAT)),
                node.output(2, npukit.compiler.ir.TensorType.of(npukit.compiler.ir.ElementType.UINT8)))));
    }

    /** The normalized axis of per-axis parameters (opset 13 on, default 1); 0 for per-tensor ones. */
    private static int axis(ConversionContext node, Value x, Value scale) {
        long axis = node.opset() >= 13 ? node.attributes().integer("axis", 1) : 1;
        boolean perAxis = scale.type().rank() == 1 && scale.type().dim(0) != 1;
        return perAxis ? ShapeConverters.axis(node, "axis", axis, x.type().rank(), 0) : 0;
    }

    private static List<Node> quantize(ConversionContext node) {
        Value x = node.input(0);
        Optional<Value> zeroPoint = node.optionalInput(2);
        return List.of(new QuantizeLinear(node.name(), x, node.input(1), zeroPoint,
                node.output(0, QuantizeLinear.infer(x, zeroPoint)), axis(node, x, node.input(1))));
    }

    private static List<Node> dequantize(ConversionContext node) {
        Value x = node.input(0);
        return List.of(new DequantizeLinear(node.name(), x, node.input(1), node.optionalInput(2),
                node.output(0, x.type().withElementType(npukit.compiler.ir.ElementType.FLOAT)), axis(node, x, node.input(1))));
    }
}
