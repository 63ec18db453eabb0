package npukit.compiler.onnx;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.compiler.ir.InstanceNormalization;
import npukit.compiler.ir.LayerNormalization;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Value;

/** LayerNormalization (opset 17; statistics in FLOAT) and InstanceNormalization. */
final class NormalizationConverters {

    private NormalizationConverters() {
    }

    static void register(Map<String, OpConverter> registry) {
        registry.put("LayerNormalization", NormalizationConverters::layerNormalization);
        registry.put("InstanceNormalization", NormalizationConverters::instanceNormalization);
    }

    private static List<Node> layerNormalization(ConversionContext node) {
        Value x = node.input(0);
        int axis = ShapeConverters.axis(node, "axis", node.attributes().integer("axis", -1), x.type().rank(), 0);
        float epsilon = node.attributes().real("epsilon", 1e-5f);
        long stash = node.attributes().integer("stash_type", 1);
        if (stash != 1) {
            throw node.unsupportedAttribute("stash_type", "unsupported value stash_type=" + stash + " (statistics in FLOAT only)");
        }
        Optional<Value> mean = node.hasOutput(1)
                ? Optional.of(node.output(1, LayerNormalization.statisticsType(x, axis))) : Optional.empty();
        Optional<Value> invStd = node.hasOutput(2)
                ? Optional.of(node.output(2, LayerNormalization.statisticsType(x, axis))) : Optional.empty();
        return List.of(new LayerNormalization(node.name(), x, node.input(1), node.optionalInput(2), node.output(0, x.type()),
                mean, invStd, axis, epsilon));
    }

    private static List<Node> instanceNormalization(ConversionContext node) {
        Value x = node.input(0);
        if (node.opset() < 6) {
            node.attributes().ignore("consumed_inputs");
        }
        return List.of(new InstanceNormalization(node.name(), x, node.input(1), node.input(2), node.output(0, x.type()),
                node.attributes().real("epsilon", 1e-5f)));
    }
}
