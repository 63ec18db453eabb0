package npukit.compiler.pass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import npukit.compiler.ir.Clip;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseUnary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.ir.Value;

/**
 * Turns a HardSigmoid after a convolution into a Clip, at the first match in node order:
 * {@code HardSigmoid(conv(x, w[, b]))}, max(0, min(1, alpha y + beta)), is {@code Clip(conv'(x), 0, 1)}
 * with conv' the conv with alpha and beta folded in ({@code w' = alpha w, b' = alpha b + beta},
 * {@link ConvAffine}). The partitioner then fuses the Clip into the convolution's NPU layer as a clamp of
 * its output codes, where the HardSigmoid was a float host step (mobile networks' squeeze-and-excitation
 * gates: PP-OCRv4 detection has ten).
 *
 * <p>Pattern: the conv's output is read by the HardSigmoid only (no other node, not a graph output) and
 * its weights and bias (if any) are float initializers. Replacement: the folded conv (the conv's name and
 * output; new initializers {@code NODE.weight}, {@code NODE.bias}) and a Clip named as the HardSigmoid,
 * writing its output, with scalar initializers {@code NODE.min} = 0 and {@code NODE.max} = 1 (NODE the
 * HardSigmoid's name, each made unique).
 */
public final class HardSigmoidAsClip implements RewriteRule {

    @Override
    public String name() {
        return "hard-sigmoid-as-clip";
    }

    @Override
    public Optional<Graph> apply(Graph graph) {
        List<Node> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (!(nodes.get(i) instanceof ElementwiseUnary hs) || !(hs.function() instanceof UnaryFunction.HardSigmoid f)) {
                continue;
            }
            for (int c = 0; c < i; c++) {
                if (nodes.get(c) instanceof Conv2d conv && conv.y().name().equals(hs.x().name()) && foldable(graph, conv)) {
                    return Optional.of(rewrite(graph, c, conv, i, hs, f));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean foldable(Graph graph, Conv2d conv) {
        if (DeadNodeElimination.uses(graph, conv.y()) != 1) {
            return false;
        }
        List<Value> params = new ArrayList<>(List.of(conv.w()));
        conv.bias().ifPresent(params::add);
        return params.stream().allMatch(p -> graph.initializers().containsKey(p.name())
                && graph.initializers().get(p.name()).elementType() == ElementType.FLOAT);
    }

    private static Graph rewrite(Graph graph, int convAt, Conv2d conv, int hsAt, ElementwiseUnary hs,
                                 UnaryFunction.HardSigmoid f) {
        Map<String, Tensor> inits = new TreeMap<>(graph.initializers());
        FreshNames names = new FreshNames(graph);
        int m = inits.get(conv.w().name()).shape().get(0);
        double[] alpha = new double[m];
        double[] beta = new double[m];
        Arrays.fill(alpha, f.alpha());
        Arrays.fill(beta, f.beta());
        Conv2d folded = ConvAffine.fold(inits, names, conv, alpha, beta, hs.name(), conv.y());
        TensorType scalar = TensorType.of(ElementType.FLOAT);
        String lo = names.take(hs.name() + ".min");
        inits.put(lo, Tensor.fromDoubles(scalar, new double[] {0}));
        String hi = names.take(hs.name() + ".max");
        inits.put(hi, Tensor.fromDoubles(scalar, new double[] {1}));
        Clip clip = new Clip(hs.name(), conv.y(), Optional.of(new Value(lo, scalar)), Optional.of(new Value(hi, scalar)),
                hs.y());
        List<Node> nodes = new ArrayList<>(graph.nodes());
        nodes.set(convAt, folded);
        nodes.set(hsAt, clip);
        return new Graph(graph.name(), graph.inputs(), inits, nodes, graph.outputs());
    }
}
