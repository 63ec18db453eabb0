package npukit.compiler.pass;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.Constant;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.Value;

/**
 * Replaces the first node (in node order) whose inputs are all initializers by an initializer holding
 * its output, computed by the reference interpreter; a Constant node becomes an initializer of its
 * value. The initializer takes the output's name, so readers are unchanged. A node whose output type
 * has unknown dimensions is left alone (the initializer's type would differ from the value's).
 */
public final class ConstantFolding implements RewriteRule {

    @Override
    public String name() {
        return "constant-folding";
    }

    @Override
    public Optional<Graph> apply(Graph graph) {
        List<Node> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n.outputs().size() != 1) {
                continue;
            }
            Value y = n.outputs().get(0);
            if (!y.type().isStatic()
                    || !n.inputs().stream().allMatch(v -> graph.initializers().containsKey(v.name()))) {
                continue;
            }
            Tensor value = n instanceof Constant c ? c.value() : evaluate(graph, n);
            Tensor folded = value.withType(y.type());
            List<Node> rest = new ArrayList<>(nodes);
            rest.remove(i);
            Map<String, Tensor> inits = new TreeMap<>(graph.initializers());
            inits.put(y.name(), folded);
            return Optional.of(new Graph(graph.name(), graph.inputs(), inits, rest, graph.outputs()));
        }
        return Optional.empty();
    }

    /** Runs {@code node} alone on the initializers it reads. */
    private static Tensor evaluate(Graph graph, Node node) {
        Map<String, Tensor> inits = new LinkedHashMap<>();
        node.inputs().forEach(v -> inits.put(v.name(), graph.initializers().get(v.name())));
        Value y = node.outputs().get(0);
        Graph one = new Graph(graph.name() + "-fold", List.of(), inits, List.of(node), List.of(y));
        return Interpreter.run(one, Map.of()).get(y.name());
    }
}
