package npukit.compiler.onnx;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import npukit.compiler.ir.Flatten;
import npukit.compiler.ir.LogSoftmax;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Reshape;
import npukit.compiler.ir.Softmax;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * Softmax and LogSoftmax. From opset 13 they work along one axis (default -1). Before, they flatten
 * the input to 2-D at {@code axis} (default 1) and work along the second axis; unless that axis is the
 * last one, the node is lowered to Flatten, the operator along axis 1, and a Reshape back.
 */
final class SoftmaxConverters {

    /** Builds the IR node of one of the two operators. */
    private interface Maker {
        Node make(String name, Value x, Value y, int axis);
    }

    private SoftmaxConverters() {
    }

    static void register(Map<String, OpConverter> registry) {
        registry.put("Softmax", node -> convert(node, Softmax::new));
        registry.put("LogSoftmax", node -> convert(node, LogSoftmax::new));
    }

    private static List<Node> convert(ConversionContext node, Maker maker) {
        Value x = node.input(0);
        int rank = x.type().rank();
        boolean legacy = node.opset() < 13;
        int axis = ShapeConverters.axis(node, "axis", node.attributes().integer("axis", legacy ? 1 : -1), rank, 0);
        if (!legacy || axis == rank - 1) {
            return List.of(maker.make(node.name(), x, node.output(0, x.type()), axis));
        }
        if (!x.type().isStatic()) {
            throw node.unsupported(UnsupportedModelException.Kind.SHAPE, "axis", "opset " + node.opset()
                    + " coerces the input to 2-D at axis " + axis + ", which needs a static shape, not " + x.text());
        }
        Value flat = new Value(node.derivedName("flat"), Flatten.infer(node.name(), x, axis));
        Value normalized = new Value(node.derivedName("normalized"), flat.type());
        long[] dims = x.type().shape().stream().mapToLong(Integer::longValue).toArray();
        Value shape = node.newInitializer("shape", ShapeConverters.shapeTensor(dims));
        Function<String, String> part = suffix -> node.name() + "/" + suffix;
        TensorType back = Reshape.infer(node.name(), normalized, dims, false);
        return List.of(
                new Flatten(part.apply("flatten"), x, flat, axis),
                maker.make(part.apply(node.opType()), flat, normalized, 1),
                new Reshape(part.apply("reshape"), normalized, shape, node.output(0, back), false));
    }
}
