package npukit.compiler.interp;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.IrException;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * The reference interpreter: runs a graph node by node per the ONNX operator definitions. Float
 * operators produce float32 results (sums are taken in double, then rounded); integer operators are
 * exact; quantization rounds half to even and saturates. Operators the IR does not know run through
 * ONNX Runtime. The oracle for the compiler's later stages.
 */
public final class Interpreter {

    private Interpreter() {
    }

    /**
     * Runs {@code graph} on {@code inputs} (one tensor per graph input, by name); returns the outputs by
     * name, in order. Inputs that are missing, unknown or of the wrong type or shape are refused with an
     * {@link InputMismatchException} naming the input, the type it needs and the one it got.
     */
    public static Map<String, Tensor> run(Graph graph, Map<String, Tensor> inputs) {
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        Map<String, Tensor> last = evaluate(graph, inputs, (v, t) -> { });
        graph.outputs().forEach(v -> outputs.put(v.name(), last.get(v.name())));
        return outputs;
    }

    /**
     * The type every value takes when the graph runs on {@code inputs}: the graph inputs' and each
     * node output's, by name. Tensors are dropped as soon as no later node reads them, so this costs
     * the memory of the live values only.
     */
    public static Map<String, TensorType> types(Graph graph, Map<String, Tensor> inputs) {
        Map<String, TensorType> types = new LinkedHashMap<>();
        inputs.forEach((name, t) -> types.put(name, t.type()));
        evaluate(graph, inputs, (v, t) -> types.put(v.name(), t.type()));
        return types;
    }

    /** Runs every node, telling {@code observer} each result; returns the values live at the end (the outputs). */
    private static Map<String, Tensor> evaluate(Graph graph, Map<String, Tensor> inputs,
                                                java.util.function.BiConsumer<Value, Tensor> observer) {
        Map<String, Tensor> env = new HashMap<>(graph.initializers());
        for (String name : inputs.keySet()) {
            if (graph.inputs().stream().noneMatch(v -> v.name().equals(name))) {
                throw new InputMismatchException("graph " + graph.name() + " has no input '" + name + "'; its inputs are "
                        + graph.inputs().stream().map(Value::text).toList());
            }
        }
        for (Value in : graph.inputs()) {
            Tensor t = inputs.get(in.name());
            if (t == null) {
                throw new InputMismatchException("graph " + graph.name() + ": no tensor for input '" + in.name() + "' ("
                        + in.type().text() + ")");
            }
            if (!in.type().accepts(t.type())) {
                throw new InputMismatchException("graph " + graph.name() + ": input '" + in.name() + "' needs "
                        + in.type().text() + ", got " + t.type().text());
            }
            env.put(in.name(), t.withType(new TensorType(t.elementType(), t.shape(), in.type().layout())));
        }
        Map<String, Integer> lastUse = lastUses(graph);
        try (OnnxRuntimeKernel onnxRuntime = new OnnxRuntimeKernel()) {
            NodeEvaluator evaluator = new NodeEvaluator(env, onnxRuntime);
            List<Node> nodes = graph.nodes();
            for (int n = 0; n < nodes.size(); n++) {
                Node node = nodes.get(n);
                List<Tensor> outs;
                try {
                    outs = node.accept(evaluator);
                } catch (IrException | ArithmeticException e) {
                    throw new InterpreterException(node.op() + " " + node.name() + ": " + e.getMessage());
                }
                List<Value> ys = node.outputs();
                if (outs.size() != ys.size()) {
                    throw new IllegalStateException(node.op() + " " + node.name() + " computed " + outs.size()
                            + " results for " + ys.size() + " outputs");
                }
                for (int i = 0; i < ys.size(); i++) {
                    Tensor t = bind(graph, node, ys.get(i), outs.get(i));
                    observer.accept(ys.get(i), t);
                    env.put(ys.get(i).name(), t);
                }
                for (Value v : node.inputs()) {
                    if (lastUse.getOrDefault(v.name(), -1) == n) {
                        env.remove(v.name());
                    }
                }
            }
        }
        return env;
    }

    /** For each value some node reads, the index of the last node that reads it; graph outputs are never dropped. */
    private static Map<String, Integer> lastUses(Graph graph) {
        Map<String, Integer> last = new HashMap<>();
        List<Node> nodes = graph.nodes();
        for (int n = 0; n < nodes.size(); n++) {
            for (Value v : nodes.get(n).inputs()) {
                last.put(v.name(), n);
            }
        }
        graph.outputs().forEach(v -> last.remove(v.name()));
        return last;
    }

    /** Checks a node's result against its value's declared type and gives it the value's layout. */
    private static Tensor bind(Graph graph, Node node, Value v, Tensor t) {
        if (!v.type().accepts(t.type())) {
            throw new InterpreterException("graph " + graph.name() + ": " + node.op() + " " + node.name() + " output "
                    + v.text() + " got a tensor of type " + t.type().text()
                    + " (the graph's shapes were bound for other inputs, or a shape depends on input values)");
        }
        return t.withType(new TensorType(t.elementType(), t.shape(), v.type().layout()));
    }
}
