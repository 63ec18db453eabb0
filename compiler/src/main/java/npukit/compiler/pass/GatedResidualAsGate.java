package npukit.compiler.pass;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * {@code Add(x, Mul(x, g))} (either operand order in both) becomes {@code Mul(x, Add(g, 1))}: a residual
 * squeeze-and-excitation block (PP-LCNet's RSE layers compute x + x * gate) is then one gate, which the NPU
 * runs ({@code lower.ChannelGate}), and the host adds 1 to the small gate instead of adding two whole
 * feature maps. In float the values are unchanged up to rounding (x (1 + g) rounds once less than x + x g).
 *
 * <p>Pattern: the Add's output and the Mul's are float, of x's shape (g broadcasts over x without
 * enlarging it), and only the Add reads the Mul's output. Replacement, each at its old node's place: the Mul
 * becomes the node {@code MUL.plus_one} writing {@code MUL.plus_one = Add(g, ADD.one)} with the scalar
 * initializer {@code ADD.one} = 1, and the Add (its name kept) becomes {@code Mul(x, MUL.plus_one)} writing
 * the Add's output (new names made unique).
 */
public final class GatedResidualAsGate implements RewriteRule {

    @Override
    public String name() {
        return "gated-residual-as-gate";
    }

    @Override
    public Optional<Graph> apply(Graph graph) {
        List<Node> nodes = graph.nodes();
        Map<String, Integer> definers = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (Value out : nodes.get(i).outputs()) {
                definers.put(out.name(), i);
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (!(nodes.get(i) instanceof ElementwiseBinary add) || add.function() != BinaryFunction.ADD
                    || !isFloat(add.y())) {
                continue;
            }
            for (Value[] xm : new Value[][] {{add.a(), add.b()}, {add.b(), add.a()}}) {
                Value x = xm[0];
                Integer at = definers.get(xm[1].name());
                if (at == null || !(nodes.get(at) instanceof ElementwiseBinary mul) || mul.function() != BinaryFunction.MUL
                        || DeadNodeElimination.uses(graph, mul.y()) != 1 || !x.type().shape().equals(add.y().type().shape())
                        || !mul.y().type().shape().equals(x.type().shape()) || !isFloat(mul.y())) {
                    continue;
                }
                Value g = mul.a().name().equals(x.name()) ? mul.b() : mul.b().name().equals(x.name()) ? mul.a() : null;
                if (g == null || !isFloat(g)) {
                    continue;
                }
                FreshNames names = new FreshNames(graph);
                String oneName = names.take(add.name() + ".one");
                Value one = new Value(oneName, TensorType.of(ElementType.FLOAT));
                String plusOneName = names.take(mul.name() + ".plus_one");
                Value plusOne = new Value(plusOneName, g.type());
                Map<String, Tensor> inits = new HashMap<>(graph.initializers());
                inits.put(oneName, Tensor.scalar(ElementType.FLOAT, 1.0));
                List<Node> out = new ArrayList<>(nodes);
                out.set(at, new ElementwiseBinary(plusOneName, BinaryFunction.ADD, g, one, plusOne));
                out.set(i, new ElementwiseBinary(add.name(), BinaryFunction.MUL, x, plusOne, add.y()));
                return Optional.of(new Graph(graph.name(), graph.inputs(), inits, out, graph.outputs()));
            }
        }
        return Optional.empty();
    }

    private static boolean isFloat(Value v) {
        return v.type().elementType() == ElementType.FLOAT;
    }
}
