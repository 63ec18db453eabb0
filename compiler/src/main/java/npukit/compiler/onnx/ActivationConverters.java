package npukit.compiler.onnx;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.compiler.ir.BatchNormalization;
import npukit.compiler.ir.Clip;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.LeakyRelu;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Relu;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.Value;

/** Relu, LeakyRelu, Clip and BatchNormalization (inference mode). */
final class ActivationConverters {

    private ActivationConverters() {
    }

    static void register(Map<String, OpConverter> registry) {
        registry.put("Relu", node -> List.of(new Relu(node.name(), node.input(0), node.output(0, node.input(0).type()))));
        registry.put("LeakyRelu", node -> List.of(new LeakyRelu(node.name(), node.input(0),
                node.output(0, node.input(0).type()), node.attributes().real("alpha", 0.01f))));
        registry.put("Clip", ActivationConverters::clip);
        registry.put("BatchNormalization", ActivationConverters::batchNormalization);
    }

    /** Before opset 11 the bounds are float attributes; they become scalar initializers. */
    private static List<Node> clip(ConversionContext node) {
        Value x = node.input(0);
        Optional<Value> min;
        Optional<Value> max;
        if (node.opset() < 11) {
            min = bound(node, "min");
            max = bound(node, "max");
        } else {
            min = node.optionalInput(1);
            max = node.optionalInput(2);
        }
        return List.of(new Clip(node.name(), x, min, max, node.output(0, x.type())));
    }

    private static Optional<Value> bound(ConversionContext node, String attribute) {
        if (!node.attributes().has(attribute)) {
            return Optional.empty();
        }
        float v = node.attributes().real(attribute, 0f);
        return Optional.of(node.newInitializer(attribute, Tensor.ofFloats(List.of(), v)));
    }

    private static List<Node> batchNormalization(ConversionContext node) {
        Attributes a = node.attributes();
        node.requireAtMostOutputs(1, "training statistics");
        if (a.integer("training_mode", 0) != 0) {
            throw node.unsupportedAttribute("training_mode", "unsupported value training_mode=1 (only inference)");
        }
        if (a.integer("spatial", 1) != 1) {
            throw node.unsupportedAttribute("spatial", "unsupported value spatial=0");
        }
        a.ignore("momentum");
        a.ignore("is_test");
        float epsilon = a.real("epsilon", 1e-5f);
        Value x = node.input(0);
        if (x.type().elementType() != ElementType.FLOAT) {
            throw node.unsupported(UnsupportedModelException.Kind.ELEMENT_TYPE, null,
                    "only FLOAT batch normalization is supported, not " + x.type().elementType());
        }
        return List.of(new BatchNormalization(node.name(), x, node.input(1), node.input(2), node.input(3), node.input(4),
                node.output(0, x.type()), epsilon));
    }
}
