package npukit.compiler.pass;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.Value;

/**
 * Removes every node none of whose outputs reaches a graph output, and every initializer no remaining
 * node or graph output reads. Graph inputs stay, used or not (they are the graph's interface).
 */
public final class DeadNodeElimination implements RewriteRule {

    @Override
    public String name() {
        return "dead-node-elimination";
    }

    @Override
    public Optional<Graph> apply(Graph graph) {
        Set<String> live = new HashSet<>();
        graph.outputs().forEach(v -> live.add(v.name()));
        List<Node> kept = new ArrayList<>();
        List<Node> nodes = graph.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (n.outputs().stream().anyMatch(v -> live.contains(v.name()))) {
                kept.add(0, n);
                n.inputs().forEach(v -> live.add(v.name()));
            }
        }
        Map<String, Tensor> inits = new TreeMap<>();
        graph.initializers().forEach((name, t) -> {
            if (live.contains(name)) {
                inits.put(name, t);
            }
        });
        if (kept.size() == nodes.size() && inits.size() == graph.initializers().size()) {
            return Optional.empty();
        }
        return Optional.of(new Graph(graph.name(), graph.inputs(), inits, kept, graph.outputs()));
    }

    /** How many times {@code value} is read: by node operands and as a graph output. */
    static int uses(Graph graph, Value value) {
        int n = 0;
        for (Node node : graph.nodes()) {
            for (Value in : node.inputs()) {
                n += in.name().equals(value.name()) ? 1 : 0;
            }
        }
        for (Value out : graph.outputs()) {
            n += out.name().equals(value.name()) ? 1 : 0;
        }
        return n;
    }
}
