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
import npukit.compiler.ir.Shape;
import npukit.compiler.ir.Size;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.Value;

/**
 * Replaces the first node (in node order) whose result is known before any input arrives by
 * initializers holding its outputs: a node whose inputs are all initializers (computed by the
 * reference interpreter), a Constant (its value), or a Shape or Size of a value whose type is static
 * (its dimensions). Each initializer takes its output's name, so readers are unchanged. This is what
 * folds shape subgraphs (Shape, Gather, Unsqueeze, Concat, then Reshape's target) once input shapes
 * are bound. A node with an output of unknown dimensions is left alone (the initializer's type would
 * differ from the value's).
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
            if (!n.outputs().stream().allMatch(y -> y.type().isStatic())) {
                continue;
            }
            Optional<List<Tensor>> values = fixed(graph, n);
            if (values.isEmpty()) {
                continue;
            }
            List<Node> rest = new ArrayList<>(nodes);
            rest.remove(i);
            Map<String, Tensor> inits = new TreeMap<>(graph.initializers());
            for (int k = 0; k < n.outputs().size(); k++) {
                Value y = n.outputs().get(k);
                inits.put(y.name(), values.get().get(k).withType(y.type()));
            }
            return Optional.of(new Graph(graph.name(), graph.inputs(), inits, rest, graph.outputs()));
        }
        return Optional.empty();
    }

    /** The node's outputs when they are fixed before any input arrives. */
    private static Optional<List<Tensor>> fixed(Graph graph, Node n) {
        if (n instanceof Constant c) {
            return Optional.of(List.of(c.value()));
        }
        if (n instanceof Shape s && s.x().type().isStatic()) {
            long[] dims = new long[s.end() - s.start()];
            for (int d = 0; d < dims.length; d++) {
                dims[d] = s.x().type().dim(s.start() + d);
            }
            return Optional.of(List.of(Tensor.ofLongs(dims)));
        }
        if (n instanceof Size s && s.x().type().isStatic()) {
            return Optional.of(List.of(Tensor.of(npukit.compiler.ir.TensorType.of(npukit.compiler.ir.ElementType.INT64),
                    new long[] {s.x().type().elementCount()})));
        }
        if (!n.inputs().stream().allMatch(v -> graph.initializers().containsKey(v.name()))) {
            return Optional.empty();
        }
        return Optional.of(evaluate(graph, n));
    }

    /** Runs {@code node} alone on the initializers it reads. */
    private static List<Tensor> evaluate(Graph graph, Node node) {
        Map<String, Tensor> inits = new LinkedHashMap<>();
        node.inputs().forEach(v -> inits.put(v.name(), graph.initializers().get(v.name())));
        Graph one = new Graph(graph.name() + "-fold", List.of(), inits, List.of(node), node.outputs());
        Map<String, Tensor> out = Interpreter.run(one, Map.of());
        return node.outputs().stream().map(v -> out.get(v.name())).toList();
    }
}
