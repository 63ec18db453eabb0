package npukit.compiler.interp;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * The reference interpreter: runs a graph node by node per the ONNX operator definitions. Float
 * operators produce float32 results (sums are taken in double, then rounded); integer operators are
 * exact; quantization rounds half to even and saturates. The oracle for the compiler's later stages.
 */
public final class Interpreter {

    private Interpreter() {
    }

    /** Runs {@code graph} on {@code inputs} (one tensor per graph input, by name); returns the outputs by name, in order. */
    public static Map<String, Tensor> run(Graph graph, Map<String, Tensor> inputs) {
        Map<String, Tensor> env = new HashMap<>(graph.initializers());
        for (Value in : graph.inputs()) {
            Tensor t = inputs.get(in.name());
            if (t == null) {
                throw new InterpreterException("graph " + graph.name() + ": no tensor for input " + in.text());
            }
            env.put(in.name(), bind(graph, "input", in, t));
        }
        for (String name : inputs.keySet()) {
            if (graph.inputs().stream().noneMatch(v -> v.name().equals(name))) {
                throw new InterpreterException("graph " + graph.name() + " has no input " + name);
            }
        }
        NodeEvaluator evaluator = new NodeEvaluator(env);
        for (Node node : graph.nodes()) {
            Tensor out = node.accept(evaluator);
            Value y = node.outputs().get(0);
            env.put(y.name(), bind(graph, node.op() + " " + node.name() + " output", y, out));
        }
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        graph.outputs().forEach(v -> outputs.put(v.name(), env.get(v.name())));
        return outputs;
    }

    /** Checks a tensor against its value's declared type and gives it the value's layout. */
    private static Tensor bind(Graph graph, String what, Value v, Tensor t) {
        if (!v.type().accepts(t.type())) {
            throw new InterpreterException("graph " + graph.name() + ": " + what + " " + v.text() + " got a tensor of type "
                    + t.type().text());
        }
        return t.withType(new TensorType(t.elementType(), t.shape(), v.type().layout()));
    }
}
