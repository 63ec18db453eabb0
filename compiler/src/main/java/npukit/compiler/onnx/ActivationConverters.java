package npukit.compiler.onnx;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import npukit.compiler.ir.BatchNormalization;
import npukit.compiler.ir.Clip;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseUnary;
import npukit.compiler.ir.Identity;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.ir.Value;

/**
 * The element-wise functions of one operand (activations and math), Clip, Identity, Dropout at
 * inference, and BatchNormalization (inference mode).
 */
final class ActivationConverters {

    private ActivationConverters() {
    }

    static void register(Map<String, OpConverter> registry) {
        for (UnaryFunction.Plain f : UnaryFunction.Plain.values()) {
            registry.put(f.opName(), node -> unary(node, f));
        }
        function(registry, "LeakyRelu", a -> new UnaryFunction.LeakyRelu(a.real("alpha", 0.01f)));
        function(registry, "HardSigmoid", a -> new UnaryFunction.HardSigmoid(a.real("alpha", 0.2f), a.real("beta", 0.5f)));
        function(registry, "Elu", a -> new UnaryFunction.Elu(a.real("alpha", 1f)));
        function(registry, "Selu", a -> new UnaryFunction.Selu(a.real("alpha", 1.67326319217681884765625f),
                a.real("gamma", 1.05070102214813232421875f)));
        function(registry, "Celu", a -> new UnaryFunction.Celu(a.real("alpha", 1f)));
        function(registry, "ThresholdedRelu", a -> new UnaryFunction.ThresholdedRelu(a.real("alpha", 1f)));
        function(registry, "Shrink", a -> new UnaryFunction.Shrink(a.real("bias", 0f), a.real("lambd", 0.5f)));
        registry.put("IsInf", node -> unary(node, new UnaryFunction.IsInf(PoolConverters.flag(node, "detect_negative", 1),
                PoolConverters.flag(node, "detect_positive", 1))));
        registry.put("Gelu", ActivationConverters::gelu);
        registry.put("Clip", ActivationConverters::clip);
        registry.put("Identity", node -> List.of(new Identity(node.name(), node.input(0), node.output(0, node.input(0).type()))));
        registry.put("Dropout", ActivationConverters::dropout);
        registry.put("BatchNormalization", ActivationConverters::batchNormalization);
    }

    private static void function(Map<String, OpConverter> registry, String op, Function<Attributes, UnaryFunction> make) {
        registry.put(op, node -> unary(node, make.apply(node.attributes())));
    }

    private static List<Node> unary(ConversionContext node, UnaryFunction f) {
        if (node.opset() < 6) {
            node.attributes().ignore("consumed_inputs");
        }
        Value x = node.input(0);
        if (!f.accepts(x.type().elementType())) {
            throw node.unsupported(UnsupportedModelException.Kind.ELEMENT_TYPE, null,
                    f.opName() + " of " + x.type().elementType() + " is not supported");
        }
        return List.of(new ElementwiseUnary(node.name(), f, x, node.output(0, ElementwiseUnary.infer(f, x))));
    }

    private static List<Node> gelu(ConversionContext node) {
        String approximate = node.attributes().string("approximate", "none");
        if (!approximate.equals("none") && !approximate.equals("tanh")) {
            throw node.unsupportedAttribute("approximate", "unsupported value approximate=" + approximate);
        }
        return unary(node, new UnaryFunction.Gelu(approximate.equals("tanh")));
    }

    /** Before opset 11 the bounds are float attributes; they become scalar initializers. */
    private static List<Node> clip(ConversionContext node) {
        Value x = node.input(0);
        Optional<Value> min;
        Optional<Value> max;
        if (node.opset() < 11) {
            if (node.opset() < 6) {
                node.attributes().ignore("consumed_inputs");
            }
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

    /**
     * At inference Dropout passes its input through; its optional mask output is all true. Training mode
     * (an attribute before opset 12, an operand after) that is set, or not constant, is unsupported.
     */
    private static List<Node> dropout(ConversionContext node) {
        Attributes a = node.attributes();
        a.ignore("ratio");
        a.ignore("seed");
        if (node.opset() < 7) {
            if (a.integer("is_test", 0) == 0) {
                throw node.unsupportedAttribute("is_test", "Dropout in training mode (is_test=0) is not supported");
            }
            a.ignore("consumed_inputs");
        }
        Optional<Value> training = node.opset() >= 12 ? node.optionalInput(2) : Optional.empty();
        if (training.isPresent() && node.constant(training.get()).map(t -> t.getLong(0) != 0).orElse(true)) {
            throw node.unsupported(UnsupportedModelException.Kind.ATTRIBUTE, null,
                    "Dropout in training mode (training_mode not a constant false) is not supported");
        }
        Value x = node.input(0);
        Node pass = new Identity(node.name(), x, node.output(0, x.type()));
        if (!node.hasOutput(1)) {
            return List.of(pass);
        }
        Tensor one = Tensor.of(npukit.compiler.ir.TensorType.of(ElementType.BOOL), new byte[] {1});
        Value mask = node.output(1, x.type().withElementType(ElementType.BOOL).withLayout(npukit.compiler.ir.Layout.ANY));
        Value shape = new Value(node.derivedName("shape"), npukit.compiler.ir.TensorType.of(ElementType.INT64, x.type().rank()));
        return List.of(pass, new npukit.compiler.ir.Shape(node.name() + "/shape", x, shape, 0, x.type().rank()),
                new npukit.compiler.ir.ConstantOfShape(node.name() + "/mask", shape, mask, one));
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
        a.ignore("consumed_inputs");
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
