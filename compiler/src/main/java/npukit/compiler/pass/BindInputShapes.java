package npukit.compiler.pass;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * Shape inference for concrete input shapes: gives the named graph inputs the given shapes (each must
 * fit the declared type, e.g. a number for the unknown batch dimension) and refines every value's
 * unknown dimensions to match. The shapes are found by running the graph once in the reference
 * interpreter on zero-filled inputs of those shapes (so every operator's shape rule is the one it
 * executes, operators run by ONNX Runtime included); each value's type is then its declared type
 * refined by the shape it took, keeping its layout. Nodes are rebuilt with the refined values through
 * {@link Node#withValues}, so their constructors re-check every type. Shapes that depend on input
 * values (not only on input shapes) are taken at the zero inputs. Empty when nothing changes, without
 * running anything when every value is already static. Not part of the standard pipeline: it needs the
 * shapes; {@link InputShapes} works them out from a batch size and explicit shapes.
 */
public final class BindInputShapes implements RewriteRule {

    private final Map<String, List<Integer>> shapes;

    public BindInputShapes(Map<String, List<Integer>> shapes) {
        this.shapes = Map.copyOf(shapes);
    }

    /** Every input's free dimension 0 set to {@code batch}; other free dimensions are an error naming them. */
    public static BindInputShapes batch(Graph graph, int batch) {
        return new BindInputShapes(InputShapes.resolve(graph, Map.of(), batch));
    }

    @Override
    public String name() {
        return "bind-input-shapes";
    }

    @Override
    public Optional<Graph> apply(Graph graph) {
        for (String name : new java.util.TreeSet<>(shapes.keySet())) {
            if (graph.inputs().stream().noneMatch(v -> v.name().equals(name))) {
                throw new InputShapeException("graph " + graph.name() + " has no input '" + name + "'");
            }
        }
        Map<String, Tensor> zeros = new LinkedHashMap<>();
        boolean changes = false;
        for (Value in : graph.inputs()) {
            List<Integer> shape = shapes.getOrDefault(in.name(), in.type().shape());
            TensorType t = in.type().withShape(shape);
            if (!t.isStatic() || !in.type().accepts(t)) {
                throw new InputShapeException("graph " + graph.name() + ": input '" + in.name() + "' is declared "
                        + in.type().text() + " and cannot take the shape " + InputShapes.text(shape));
            }
            changes |= !t.equals(in.type());
            zeros.put(in.name(), Tensor.zeros(t));
        }
        if (!changes && graph.nodes().stream().allMatch(n -> n.outputs().stream().allMatch(v -> v.type().isStatic()))) {
            return Optional.empty();
        }
        Map<String, TensorType> taken = Interpreter.types(graph, zeros);
        Map<String, Value> refined = new HashMap<>();
        graph.inputs().forEach(v -> refined.put(v.name(), refine(graph, v, taken.get(v.name()))));
        for (Node n : graph.nodes()) {
            n.outputs().forEach(v -> refined.put(v.name(), refine(graph, v, taken.get(v.name()))));
        }
        List<Value> inputs = graph.inputs().stream().map(v -> refined.getOrDefault(v.name(), v)).toList();
        List<Node> nodes = graph.nodes().stream().map(n -> n.withValues(v -> refined.getOrDefault(v.name(), v))).toList();
        List<Value> outputs = graph.outputs().stream().map(v -> refined.getOrDefault(v.name(), v)).toList();
        Graph out = new Graph(graph.name(), inputs, graph.initializers(), nodes, outputs);
        return out.text().equals(graph.text()) ? Optional.empty() : Optional.of(out);
    }

    private static Value refine(Graph graph, Value declared, TensorType actual) {
        TensorType t = declared.type().refine(actual);
        if (t == null) {
            throw new InputShapeException("graph " + graph.name() + ": " + declared.text() + " took shape " + actual.text()
                    + " for these input shapes");
        }
        return new Value(declared.name(), t.withLayout(declared.type().layout()));
    }
}
