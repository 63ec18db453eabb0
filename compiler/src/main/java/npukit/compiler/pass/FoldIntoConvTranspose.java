package npukit.compiler.pass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import npukit.compiler.ir.BatchNormalization;
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.ConvTranspose2d;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * Folds a bias Add or a BatchNormalization into the transposed convolution that feeds it, at the first
 * match in node order, so that {@link ConvTransposeAsConv} finds the whole layer in one node (exporters
 * such as Paddle's write a ConvTranspose without bias, then an Add of the bias, then the BatchNorm).
 *
 * <p>Pattern: {@code Add(convT(x, w[, b]), c)} (either operand order) with c a float initializer of one
 * value per output channel or one for all ({@link ChannelConstant}), or {@code BatchNormalization(convT(...))}
 * with initializer parameters; the convT has one group and an NCHW input, its output is read by that node
 * only (no other node, not a graph output), and its weights and bias are float initializers.
 * Replacement: one ConvTranspose2d (the convT's name and geometry, the node's output) with, per output
 * channel o: Add: {@code b' = b + c}; BatchNorm, s = gamma / sqrt(var + epsilon): {@code w'[., o] = w[., o] s,
 * b' = (b - mean) s + beta} (b = 0 without a bias), in double, rounded to float once. New initializers
 * {@code NODE.weight} (BatchNorm only) and {@code NODE.bias}, NODE the folded node's name, made unique.
 */
public final class FoldIntoConvTranspose implements RewriteRule {

    @Override
    public String name() {
        return "fold-into-conv-transpose";
    }

    @Override
    public Optional<Graph> apply(Graph graph) {
        List<Node> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (retypesAnOutput(graph, n)) {
                continue;
            }
            int node = i;
            if (n instanceof BatchNormalization bn) {
                Optional<Graph> folded = producer(graph, bn.x()).flatMap(at -> batchNorm(graph, at, node, bn));
                if (folded.isPresent()) {
                    return folded;
                }
            } else if (n instanceof ElementwiseBinary add && add.function() == BinaryFunction.ADD) {
                for (int side = 0; side < 2; side++) {
                    Value operand = add.inputs().get(side);
                    Value constant = add.inputs().get(1 - side);
                    Optional<Graph> folded = producer(graph, operand).flatMap(at -> bias(graph, at, node, add, constant));
                    if (folded.isPresent()) {
                        return folded;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The index of the foldable ConvTranspose2d that writes {@code v}. */
    private static Optional<Integer> producer(Graph graph, Value v) {
        List<Node> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) instanceof ConvTranspose2d ct && ct.y().name().equals(v.name())) {
                boolean foldable = ct.geometry().groups() == 1 && ct.x().type().layout() == Layout.NCHW
                        && DeadNodeElimination.uses(graph, ct.y()) == 1 && isFloatInit(graph, ct.w())
                        && ct.bias().map(b -> isFloatInit(graph, b)).orElse(true)
                        && ct.y().type().dim(1) != TensorType.UNKNOWN;
                return foldable ? Optional.of(i) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** A graph output keeps its type: the node's output, if one, must not change type when retyped. */
    private static boolean retypesAnOutput(Graph graph, Node n) {
        return n.outputs().size() == 1 && graph.outputs().contains(n.outputs().get(0))
                && n.outputs().get(0).type().layout() == Layout.ANY;
    }

    private static boolean isFloatInit(Graph graph, Value v) {
        Tensor t = graph.initializers().get(v.name());
        return t != null && t.elementType() == ElementType.FLOAT;
    }

    private static Optional<Graph> bias(Graph graph, int ctAt, int addAt, ElementwiseBinary add, Value constant) {
        ConvTranspose2d ct = (ConvTranspose2d) graph.nodes().get(ctAt);
        if (!add.y().type().shape().equals(ct.y().type().shape())) {
            return Optional.empty();
        }
        return ChannelConstant.of(graph, constant, ct.y().type()).map(c -> {
            double[] ones = new double[c.length];
            Arrays.fill(ones, 1);
            return fold(graph, ctAt, addAt, add.name(), add.y(), ones, c);
        });
    }

    private static Optional<Graph> batchNorm(Graph graph, int ctAt, int bnAt, BatchNormalization bn) {
        List<Value> params = List.of(bn.scale(), bn.bias(), bn.mean(), bn.var());
        if (!params.stream().allMatch(p -> isFloatInit(graph, p))) {
            return Optional.empty();
        }
        Map<String, Tensor> inits = graph.initializers();
        double[] gamma = inits.get(bn.scale().name()).toDoubles();
        double[] beta = inits.get(bn.bias().name()).toDoubles();
        double[] mean = inits.get(bn.mean().name()).toDoubles();
        double[] var = inits.get(bn.var().name()).toDoubles();
        double[] scale = new double[gamma.length];
        double[] shift = new double[gamma.length];
        for (int o = 0; o < gamma.length; o++) {
            scale[o] = gamma[o] / Math.sqrt(var[o] + (double) bn.epsilon());
            shift[o] = beta[o] - mean[o] * scale[o];
        }
        return Optional.of(fold(graph, ctAt, bnAt, bn.name(), bn.y(), scale, shift));
    }

    /** w'[., o] = w[., o] scale[o], b'[o] = b[o] scale[o] + shift[o]; the ConvTranspose2d writes {@code y}. */
    private static Graph fold(Graph graph, int ctAt, int nodeAt, String node, Value y, double[] scale, double[] shift) {
        ConvTranspose2d ct = (ConvTranspose2d) graph.nodes().get(ctAt);
        Map<String, Tensor> inits = new TreeMap<>(graph.initializers());
        FreshNames names = new FreshNames(graph);
        Tensor w = inits.get(ct.w().name());
        int channels = scale.length;
        int perTap = w.shape().get(2) * w.shape().get(3);
        double[] wd = w.toDoubles();
        Value weights = ct.w();
        if (Arrays.stream(scale).anyMatch(s -> s != 1)) {
            for (int i = 0; i < wd.length; i++) {
                wd[i] *= scale[(i / perTap) % channels];
            }
            weights = new Value(names.take(node + ".weight"), w.type());
            inits.put(weights.name(), Tensor.fromDoubles(w.type(), wd));
        }
        double[] b = ct.bias().map(v -> inits.get(v.name()).toDoubles()).orElse(new double[channels]);
        double[] bNew = new double[channels];
        for (int o = 0; o < channels; o++) {
            bNew[o] = b[o] * scale[o] + shift[o];
        }
        TensorType biasType = TensorType.of(ElementType.FLOAT, channels);
        Value bias = new Value(names.take(node + ".bias"), biasType);
        inits.put(bias.name(), Tensor.fromDoubles(biasType, bNew));
        Value out = new Value(y.name(), y.type().refine(ct.y().type()));
        ConvTranspose2d folded = new ConvTranspose2d(ct.name(), ct.x(), weights, Optional.of(bias), out, ct.geometry(),
                ct.outputPaddingH(), ct.outputPaddingW());
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < graph.nodes().size(); i++) {
            Node n = graph.nodes().get(i);
            if (i != nodeAt) {
                nodes.add(i == ctAt ? folded : n.withValues(v -> v.name().equals(out.name()) ? out : v));
            }
        }
        return new Graph(graph.name(), graph.inputs(), inits, nodes, graph.outputs());
    }
}
