package npukit.compiler.onnx;

import java.util.ArrayList;
import java.util.List;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Reshape;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * A 1-D convolution or pool as its 2-D form over images of height 1: the input (N, C, L) reshaped to
 * (N, C, 1, L) NCHW, the 2-D operator, and the result reshaped back to (N, C', L'). The reshapes copy
 * N and C (target entries 0), so a free batch stays free; a constant weight's reshape folds away.
 */
final class Lifted1d {

    /** Builds the 2-D operator on the lifted input; may add nodes (e.g. a lifted weight) to {@code before}. */
    @FunctionalInterface
    interface Body {
        Node apply(Value lifted, List<Node> before);
    }

    private Lifted1d() {
    }

    static List<Node> around(ConversionContext node, Value x, Body body) {
        List<Node> nodes = new ArrayList<>();
        Node op = body.apply(lift(node, x, "x", Layout.NCHW, nodes), nodes);
        nodes.add(op);
        Value y = op.outputs().get(0);
        long[] back = {0, 0, -1};
        Value shape = node.newInitializer("lower_shape", Tensor.ofLongs(back));
        nodes.add(new Reshape(node.name(), y, shape, node.output(0, Reshape.infer(node.name(), y, back, false)), false));
        return nodes;
    }

    /** {@code v} (A, B, L) reshaped to (A, B, 1, L), in {@code layout}. */
    static Value lift(ConversionContext node, Value v, String suffix, Layout layout, List<Node> out) {
        long[] target = {0, 0, 1, -1};
        Value shape = node.newInitializer(suffix + "_lift_shape", Tensor.ofLongs(target));
        TensorType t = Reshape.infer(node.name(), v, target, false).withLayout(layout);
        Value lifted = new Value(node.derivedName(suffix + "_2d"), t);
        out.add(new Reshape(node.name() + "/lift_" + suffix, v, shape, lifted, false));
        return lifted;
    }
}
