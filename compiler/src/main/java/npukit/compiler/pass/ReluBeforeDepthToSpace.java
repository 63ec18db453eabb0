package npukit.compiler.pass;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import npukit.compiler.ir.DepthToSpace;
import npukit.compiler.ir.ElementwiseUnary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.ir.Value;

/**
 * {@code Relu(DepthToSpace(x))} as {@code DepthToSpace(Relu(x))}, at the first match in node order, when
 * the DepthToSpace's output is read by that ReLU alone (not by another node, not a graph output). Exact:
 * DepthToSpace only moves elements. The ReLU then sits right after whatever wrote x, a convolution that
 * {@link ConvTransposeAsConv} made, and fuses into its quant unit. The ReLU keeps its name and the
 * DepthToSpace its name and the ReLU's output; the new intermediate value is {@code <relu output>_blocks}
 * (made unique).
 */
public final class ReluBeforeDepthToSpace implements RewriteRule {

    @Override
    public String name() {
        return "relu-before-depth-to-space";
    }

    @Override
    public Optional<Graph> apply(Graph graph) {
        List<Node> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (!(nodes.get(i) instanceof ElementwiseUnary relu) || relu.function() != UnaryFunction.Plain.RELU) {
                continue;
            }
            for (int d = 0; d < i; d++) {
                if (nodes.get(d) instanceof DepthToSpace d2s && d2s.y().name().equals(relu.x().name())
                        && DeadNodeElimination.uses(graph, d2s.y()) == 1) {
                    Value blocks = new Value(new FreshNames(graph).take(relu.y().name() + "_blocks"), d2s.x().type());
                    List<Node> rewritten = new ArrayList<>(nodes);
                    rewritten.remove(i);
                    rewritten.set(d, new DepthToSpace(d2s.name(), blocks, relu.y(), d2s.blockSize(), d2s.columnRowDepth()));
                    rewritten.add(d, new ElementwiseUnary(relu.name(), UnaryFunction.Plain.RELU, d2s.x(), blocks));
                    return Optional.of(new Graph(graph.name(), graph.inputs(), graph.initializers(), rewritten,
                            graph.outputs()));
                }
            }
        }
        return Optional.empty();
    }
}
