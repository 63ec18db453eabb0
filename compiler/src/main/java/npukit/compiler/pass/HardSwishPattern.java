package npukit.compiler.pass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.Clip;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.ElementwiseUnary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.ir.Value;

/**
 * The HardSwish an exporter spelled out as four nodes, as one HardSwish node, at the first match in node
 * order: {@code Div(Mul(x, Clip(Add(x, 3), 0, 6)), 6)} (Mul in either operand order; the last step may
 * be a Mul by 1/6 instead) is x relu6(x + 3) / 6 = x max(0, min(1, x / 6 + 1/2)). Paddle's exporter writes
 * every HardSwish this way (PP-OCRv4 detection has 24, recognition 28), so the host runs one node where it
 * ran four, and the plan names the function. HardSwish itself stays on the host: it multiplies x by a
 * function of x, which neither the quant unit nor the vector ALU can.
 *
 * <p>Pattern: the constants are scalar initializers or Constant nodes of exactly 3, 0, 6 and 6 (or
 * 1/6 as a float32); the Add's, Clip's and Mul's results are read by the next step only (not graph
 * outputs). Replacement: {@code HardSwish(x)} named as the last step, writing its output.
 */
public final class HardSwishPattern implements RewriteRule {

    @Override
    public String name() {
        return "hard-swish-pattern";
    }

    @Override
    public Optional<Graph> apply(Graph graph) {
        Map<String, Node> definers = new TreeMap<>();
        graph.nodes().forEach(n -> n.outputs().forEach(v -> definers.put(v.name(), n)));
        for (Node n : graph.nodes()) {
            Optional<Value> x = match(graph, definers, n);
            if (x.isPresent()) {
                return Optional.of(rewrite(graph, definers, n, x.get()));
            }
        }
        return Optional.empty();
    }

    /** x, when {@code last} ends the pattern. */
    private static Optional<Value> match(Graph graph, Map<String, Node> definers, Node last) {
        if (!(last instanceof ElementwiseBinary scale)
                || !(scale.function() == BinaryFunction.DIV && isScalar(graph, scale.b(), 6)
                || scale.function() == BinaryFunction.MUL && isScalar(graph, scale.b(), (float) (1.0 / 6)))) {
            return Optional.empty();
        }
        if (!(producer(graph, definers, scale.a()) instanceof ElementwiseBinary mul) || mul.function() != BinaryFunction.MUL) {
            return Optional.empty();
        }
        for (int side = 0; side < 2; side++) {
            Value x = mul.inputs().get(side);
            if (producer(graph, definers, mul.inputs().get(1 - side)) instanceof Clip clip
                    && clip.min().isPresent() && isScalar(graph, clip.min().get(), 0)
                    && clip.max().isPresent() && isScalar(graph, clip.max().get(), 6)
                    && producer(graph, definers, clip.x()) instanceof ElementwiseBinary add
                    && add.function() == BinaryFunction.ADD && add.a().name().equals(x.name())
                    && isScalar(graph, add.b(), 3)) {
                return Optional.of(x);
            }
        }
        return Optional.empty();
    }

    /** The node writing {@code v} when v is read by one node only and is no graph output, else null. */
    private static Node producer(Graph graph, Map<String, Node> definers, Value v) {
        return DeadNodeElimination.uses(graph, v) == 1 ? definers.get(v.name()) : null;
    }

    private static boolean isScalar(Graph graph, Value v, float expected) {
        Optional<Tensor> t = graph.constantValue(v.name());
        OptionalDouble d = t.filter(c -> c.size() == 1).map(c -> OptionalDouble.of(c.getDouble(0))).orElse(OptionalDouble.empty());
        return d.isPresent() && (float) d.getAsDouble() == expected;
    }

    private static Graph rewrite(Graph graph, Map<String, Node> definers, Node last, Value x) {
        ElementwiseBinary scale = (ElementwiseBinary) last;
        Node mul = definers.get(scale.a().name());
        Node clip = definers.get(((ElementwiseBinary) mul).inputs().stream()
                .filter(v -> !v.name().equals(x.name())).findFirst().orElseThrow().name());
        Node add = definers.get(((Clip) clip).x().name());
        List<Node> dropped = List.of(add, clip, mul);
        List<Node> nodes = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (n == last) {
                nodes.add(new ElementwiseUnary(last.name(), UnaryFunction.Plain.HARD_SWISH, x, scale.y()));
            } else if (!dropped.contains(n)) {
                nodes.add(n);
            }
        }
        return new Graph(graph.name(), graph.inputs(), graph.initializers(), nodes, graph.outputs());
    }
}
