package npukit.compiler.pass;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import npukit.compiler.ir.DefaultNodeVisitor;
import npukit.compiler.ir.DepthToSpace;
import npukit.compiler.ir.ElementwiseUnary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.NodeVisitor;
import npukit.compiler.ir.Slice;
import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.ir.Value;

/**
 * {@code Relu(M(x))} as {@code M(Relu(x))} for M a DepthToSpace or a Slice, at the first match in node
 * order, when M's output is read by that ReLU alone (not by another node, not a graph output). Exact: M
 * only moves or drops elements. The ReLU then sits right after whatever wrote x, a convolution that
 * {@link ConvTransposeAsConv} made (followed by its DepthToSpace and crop), and fuses into its quant
 * unit. The ReLU keeps its name and M its name and the ReLU's output; the new intermediate value is
 * {@code <relu output>_blocks} before a DepthToSpace, {@code <relu output>_uncropped} before a Slice
 * (made unique).
 */
public final class ReluBeforeMovement implements RewriteRule {

    /** The suffix of the value a moved ReLU writes, for the nodes it may move before; null for others. */
    private static final NodeVisitor<String> MOVEMENT = new DefaultNodeVisitor<>() {
        @Override
        protected String otherwise(Node n) {
            return null;
        }

        @Override
        public String visit(DepthToSpace n) {
            return "_blocks";
        }

        @Override
        public String visit(Slice n) {
            return "_uncropped";
        }
    };

    @Override
    public String name() {
        return "relu-before-movement";
    }

    @Override
    public Optional<Graph> apply(Graph graph) {
        List<Node> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (!(nodes.get(i) instanceof ElementwiseUnary relu) || relu.function() != UnaryFunction.Plain.RELU) {
                continue;
            }
            for (int d = 0; d < i; d++) {
                Node mover = nodes.get(d);
                String suffix = mover.accept(MOVEMENT);
                Value out = mover.outputs().get(0);
                if (suffix != null && out.name().equals(relu.x().name()) && DeadNodeElimination.uses(graph, out) == 1) {
                    Value data = mover.inputs().get(0);
                    Value moved = new Value(new FreshNames(graph).take(relu.y().name() + suffix), data.type());
                    List<Node> rewritten = new ArrayList<>(nodes);
                    rewritten.remove(i);
                    rewritten.set(d, mover.withValues(v -> v.equals(data) ? moved : v.equals(out) ? relu.y() : v));
                    rewritten.add(d, new ElementwiseUnary(relu.name(), UnaryFunction.Plain.RELU, data, moved));
                    return Optional.of(new Graph(graph.name(), graph.inputs(), graph.initializers(), rewritten,
                            graph.outputs()));
                }
            }
        }
        return Optional.empty();
    }
}
