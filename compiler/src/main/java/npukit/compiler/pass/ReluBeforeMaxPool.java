package npukit.compiler.pass;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.MaxPool;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.ElementwiseUnary;
import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.ir.Value;

/**
 * {@code Relu(MaxPool(x))} becomes {@code MaxPool(Relu(x))}, so the ReLU sits right after the
 * convolution that produces x and fuses into its quant unit (the NPU applies ReLU per output element,
 * before any pooling). Exact: max is monotone, so max(relu a, relu b) = relu(max(a, b)), and a padded
 * position never wins a MaxPool window. Applies where the pooled value is read by that ReLU alone.
 */
public final class ReluBeforeMaxPool implements RewriteRule {

    @Override
    public String name() {
        return "relu-before-maxpool";
    }

    @Override
    public Optional<Graph> apply(Graph graph) {
        List<Node> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (!(nodes.get(i) instanceof MaxPool pool) || DeadNodeElimination.uses(graph, pool.y()) != 1) {
                continue;
            }
            for (int j = i + 1; j < nodes.size(); j++) {
                if (nodes.get(j) instanceof ElementwiseUnary relu && relu.function() == UnaryFunction.Plain.RELU
                        && relu.x().name().equals(pool.y().name())) {
                    Value rectified = new Value(relu.y().name() + "_unpooled", pool.x().type());
                    List<Node> out = new ArrayList<>(nodes);
                    out.set(i, new ElementwiseUnary(relu.name(), UnaryFunction.Plain.RELU, pool.x(), rectified));
                    out.set(j, new MaxPool(pool.name(), rectified, relu.y(), pool.window()));
                    return Optional.of(new Graph(graph.name(), graph.inputs(), graph.initializers(), out,
                            graph.outputs()));
                }
            }
        }
        return Optional.empty();
    }
}
