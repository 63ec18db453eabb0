package npukit.compiler.ir;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A dataflow graph: inputs, initializers (named constant tensors), nodes in topological order, and
 * outputs. Built only valid: every value is defined once, by an input, an initializer or a node; every
 * use comes after its definition and carries the defining type; node names are unique.
 */
public record Graph(String name, List<Value> inputs, Map<String, Tensor> initializers, List<Node> nodes,
                    List<Value> outputs) {

    public Graph {
        if (name == null || name.isEmpty()) {
            throw new IrException("a graph needs a non-empty name");
        }
        inputs = List.copyOf(inputs);
        initializers = Collections.unmodifiableMap(new TreeMap<>(initializers));
        nodes = List.copyOf(nodes);
        outputs = List.copyOf(outputs);
        validate(name, inputs, initializers, nodes, outputs);
    }

    private static void validate(String graph, List<Value> inputs, Map<String, Tensor> initializers, List<Node> nodes,
                                 List<Value> outputs) {
        Map<String, Value> defined = new LinkedHashMap<>();
        for (Value v : inputs) {
            define(graph, defined, v, "graph input");
        }
        initializers.forEach((n, t) -> define(graph, defined, new Value(n, t.type()), "initializer"));
        Set<String> nodeNames = new HashSet<>();
        for (Node node : nodes) {
            if (!nodeNames.add(node.name())) {
                throw new IrException("graph " + graph + ": two nodes are named " + node.name());
            }
            for (Value in : node.inputs()) {
                use(graph, defined, in, node.op() + " " + node.name());
            }
            for (Value out : node.outputs()) {
                define(graph, defined, out, node.op() + " " + node.name());
            }
        }
        if (outputs.isEmpty()) {
            throw new IrException("graph " + graph + ": no outputs");
        }
        for (Value out : outputs) {
            use(graph, defined, out, "graph output");
        }
    }

    private static void define(String graph, Map<String, Value> defined, Value v, String by) {
        if (defined.putIfAbsent(v.name(), v) != null) {
            throw new IrException("graph " + graph + ": value " + v.ref() + " is defined twice (again by " + by + ")");
        }
    }

    private static void use(String graph, Map<String, Value> defined, Value v, String by) {
        Value def = defined.get(v.name());
        if (def == null) {
            throw new IrException("graph " + graph + ": " + by + " uses " + v.ref() + " before any definition of it");
        }
        if (!def.type().equals(v.type())) {
            throw new IrException("graph " + graph + ": " + by + " uses " + v.text() + " but it is defined as " + def.text());
        }
    }

    /** The value of an initializer. */
    public Value initializerValue(String initializer) {
        Tensor t = initializers.get(initializer);
        if (t == null) {
            throw new IrException("graph " + name + " has no initializer " + initializer);
        }
        return new Value(initializer, t.type());
    }

    /** The tensor a value holds when it is fixed before any input arrives: an initializer or a Constant's output. */
    public Optional<Tensor> constantValue(String value) {
        Tensor t = initializers.get(value);
        if (t != null) {
            return Optional.of(t);
        }
        for (Node n : nodes) {
            if (n instanceof Constant c && c.y().name().equals(value)) {
                return Optional.of(c.value());
            }
        }
        return Optional.empty();
    }

    /** The canonical text: deterministic, one line per input, initializer, node and output. */
    public String text() {
        StringBuilder sb = new StringBuilder("graph ").append(name).append('\n');
        inputs.forEach(v -> sb.append("input ").append(v.text()).append('\n'));
        // Tensor's text: its type and crc32, or "shape-only" for a timing-only topology's weights.
        initializers.forEach((n, t) -> sb.append("init %").append(n).append(": ").append(t).append('\n'));
        nodes.forEach(n -> sb.append("node ").append(n.text()).append('\n'));
        outputs.forEach(v -> sb.append("output ").append(v.text()).append('\n'));
        return sb.toString();
    }
}
