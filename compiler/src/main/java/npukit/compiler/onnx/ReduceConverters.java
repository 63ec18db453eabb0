package npukit.compiler.onnx;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.compiler.ir.ArgReduce;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Reduce;
import npukit.compiler.ir.ReduceFunction;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * The Reduce* operators (axes an attribute before opset 18, ReduceSum's before 13; keepdims;
 * noop_with_empty_axes), ArgMax and ArgMin, and GlobalMaxPool (a ReduceMax over the spatial axes).
 */
final class ReduceConverters {

    private ReduceConverters() {
    }

    static void register(Map<String, OpConverter> registry) {
        for (ReduceFunction f : ReduceFunction.values()) {
            registry.put(f.opName(), node -> reduce(node, f, f == ReduceFunction.SUM ? 13 : 18));
        }
        registry.put("ArgMax", node -> argReduce(node, true));
        registry.put("ArgMin", node -> argReduce(node, false));
        registry.put("GlobalMaxPool", ReduceConverters::globalMaxPool);
    }

    private static List<Node> reduce(ConversionContext node, ReduceFunction f, int axesOperandSince) {
        Value x = node.input(0);
        Optional<Value> axes = node.operandOrAttribute(1, "axes", axesOperandSince);
        boolean keepDims = PoolConverters.flag(node, "keepdims", 1);
        boolean noop = PoolConverters.flag(node, "noop_with_empty_axes");
        Optional<long[]> known = node.constantLongs(axes);
        Value y;
        if (axes.isEmpty() || known.isPresent()) {
            y = node.output(0, Reduce.infer(node.name(), f, x, known.orElse(null), keepDims, noop));
        } else if (keepDims) {
            y = node.output(0, ShapeConverters.unknown(x.type().elementType(), x.type().rank()));
        } else {
            y = node.declaredOutputOr(0, "the value of " + axes.get().ref());
        }
        return List.of(new Reduce(node.name(), f, x, axes, y, keepDims, noop));
    }

    private static List<Node> argReduce(ConversionContext node, boolean largest) {
        Value x = node.input(0);
        int axis = ShapeConverters.axis(node, "axis", node.attributes().integer("axis", 0), x.type().rank(), 0);
        boolean keepDims = PoolConverters.flag(node, "keepdims", 1);
        boolean last = PoolConverters.flag(node, "select_last_index");
        return List.of(new ArgReduce(node.name(), largest, x, node.output(0, ArgReduce.infer(x, axis, keepDims)), axis,
                keepDims, last));
    }

    private static List<Node> globalMaxPool(ConversionContext node) {
        Value x = node.input(0);
        int rank = x.type().rank();
        long[] spatial = new long[Math.max(0, rank - 2)];
        for (int i = 0; i < spatial.length; i++) {
            spatial[i] = i + 2;
        }
        Value axes = node.newInitializer("axes", Tensor.ofLongs(spatial));
        TensorType t = Reduce.infer(node.name(), ReduceFunction.MAX, x, spatial, true, false);
        return List.of(new Reduce(node.name(), ReduceFunction.MAX, x, Optional.of(axes), node.output(0, t), true, false));
    }
}
