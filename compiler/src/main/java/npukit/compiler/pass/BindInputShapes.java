package npukit.compiler.pass;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.IrException;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * Shape inference for concrete input shapes: gives the named graph inputs the given shapes (each must
 * fit the declared type, e.g. a number for the unknown batch dimension) and refines every value's
 * unknown dimensions to match. The shapes are found by running the graph once in the reference
 * interpreter on zero-filled inputs of those shapes (so every operator's shape rule is the one it
 * executes); each value's type is then its declared type refined by the shape it took, keeping its
 * layout. Nodes are rebuilt with the refined values, so their constructors re-check every type.
 * Empty when nothing changes. Errors name an unknown input, an input given no shape while it has
 * unknown dimensions, and a shape its declared type does not accept. Not part of the standard pipeline: it needs the shapes.
 */
public final class BindInputShapes implements RewriteRule {

    private final Map<String, List<Integer>> shapes;

    public BindInputShapes(Map<String, List<Integer>> shapes) {
        this.shapes = Map.copyOf(shapes);
    }

    /** Every input's unknown dimensions (the batch dimension) set to {@code batch}. */
    public static BindInputShapes batch(Graph graph, int batch) {
        Map<String, List<Integer>> s = new HashMap<>();
        for (Value v : graph.inputs()) {
            s.put(v.name(), v.type().shape().stream().map(d -> d == TensorType.UNKNOWN ? batch : d).toList());
        }
        return new BindInputShapes(s);
    }

    @Override
    public String name() {
        return "bind-input-shapes";
    }

    @Override
    public Optional<Graph> apply(Graph graph) {
        for (String name : new java.util.TreeSet<>(shapes.keySet())) {
            if (graph.inputs().stream().noneMatch(v -> v.name().equals(name))) {
                throw new IrException("graph " + graph.name() + " has no input " + name);
            }
        }
        Map<String, Tensor> zeros = new LinkedHashMap<>();
        for (Value in : graph.inputs()) {
            List<Integer> shape = shapes.get(in.name());
            if (shape == null) {
                if (!in.type().isStatic()) {
                    throw new IrException("graph " + graph.name() + ": input " + in.text() + " needs a shape");
                }
                shape = in.type().shape();
            }
            TensorType t = in.type().withShape(shape);
            if (!t.isStatic() || !in.type().accepts(t)) {
                throw new IrException("graph " + graph.name() + ": shape " + shape + " does not bind input " + in.text());
            }
            zeros.put(in.name(), zero(t));
        }
        List<Value> every = new ArrayList<>();
        graph.nodes().forEach(n -> every.addAll(n.outputs()));
        Map<String, Value> refined = new HashMap<>();
        zeros.forEach((name, t) -> refined.put(name, refine(graph, find(graph.inputs(), name), t.type())));
        if (!every.isEmpty()) {
            Graph probe = new Graph(graph.name(), graph.inputs(), graph.initializers(), graph.nodes(), every);
            Interpreter.run(probe, zeros).forEach((name, t) -> refined.put(name, refine(graph, find(every, name), t.type())));
        }
        List<Value> inputs = graph.inputs().stream().map(v -> refined.getOrDefault(v.name(), v)).toList();
        List<Node> nodes = graph.nodes().stream().map(n -> rebuild(n, refined)).toList();
        List<Value> outputs = graph.outputs().stream().map(v -> refined.getOrDefault(v.name(), v)).toList();
        Graph out = new Graph(graph.name(), inputs, graph.initializers(), nodes, outputs);
        return out.text().equals(graph.text()) ? Optional.empty() : Optional.of(out);
    }

    private static Value find(List<Value> values, String name) {
        return values.stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    private static Value refine(Graph graph, Value declared, TensorType actual) {
        TensorType t = declared.type().refine(actual);
        if (t == null) {
            throw new IrException("graph " + graph.name() + ": " + declared.text() + " took shape " + actual.text());
        }
        return new Value(declared.name(), t.withLayout(declared.type().layout()));
    }

    private static Tensor zero(TensorType t) {
        int n = t.elementCount();
        return switch (t.elementType()) {
            case FLOAT -> Tensor.fromDoubles(t, new double[n]);
            default -> Tensor.fromLongs(t, new long[n]);
        };
    }

    /** The same node with every {@code Value} operand and result replaced by its refined version. */
    @SuppressWarnings("unchecked")
    private static Node rebuild(Node node, Map<String, Value> refined) {
        RecordComponent[] components = node.getClass().getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                Object a = components[i].getAccessor().invoke(node);
                if (a instanceof Value v) {
                    a = refined.getOrDefault(v.name(), v);
                } else if (a instanceof Optional<?> o && o.isPresent() && o.get() instanceof Value v) {
                    a = Optional.of(refined.getOrDefault(v.name(), v));
                } else if (a instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Value) {
                    a = ((List<Value>) l).stream().map(v -> refined.getOrDefault(v.name(), v)).toList();
                }
                args[i] = a;
            }
            Constructor<?> c = node.getClass().getDeclaredConstructor(types);
            return (Node) c.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild " + node.op() + " " + node.name(), e);
        }
    }
}
