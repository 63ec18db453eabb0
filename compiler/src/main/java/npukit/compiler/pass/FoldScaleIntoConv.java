package npukit.compiler.pass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * Folds a constant per-channel Mul or Div into the Conv2d that feeds it, at the first match in node
 * order. Mobile networks scale their convolutions' outputs (PP-LCNet's learnable affine blocks compute
 * {@code conv * s + t}); left alone, each scale is a float host step after the NPU layer.
 *
 * <p>Pattern: {@code Mul(conv(x, w[, b]), c)} (either operand order) or {@code Div(conv(...), c)}, where
 * the conv's input is NCHW (so its output's channels are axis 1), its output is read by that node only
 * (no other node, not a graph output), its weights and bias (if any) are float initializers, and
 * {@code c} is a float initializer that broadcasts over the conv's output one value per output channel
 * or one for all (every dimension 1 except, optionally, the one on the channel axis) without enlarging
 * it; a Div's values are non-zero; and the node's output, if a graph output, already has the conv's
 * layout (a graph's outputs keep their types). Replacement: one Conv2d (the conv's name and geometry,
 * the node's output) with, per output channel o, {@code w' = w * c, b' = b * c} (Div: times 1 / c),
 * in double, rounded to float once ({@link ConvAffine}). The new initializers are {@code NODE.weight}
 * and {@code NODE.bias} (NODE the folded node's name, made unique); the old ones are left for dead-node
 * elimination.
 *
 * <p>The shift {@code + t} is not folded, though it could be: with it in the bias a channel's outputs
 * sit around t, and per-channel output scaling ({@link ScaleOutputs}), which divides by max|y|, then
 * leaves their spread few codes. Measured on PP-OCRv4 detection on ascend-cube: IoU 0.9408 with shifts
 * folded, 0.9560 with scales only (0.9563 before either).
 */
public final class FoldScaleIntoConv implements RewriteRule {

    private static final Set<BinaryFunction> FOLDED = Set.of(BinaryFunction.MUL, BinaryFunction.DIV);

    @Override
    public String name() {
        return "fold-scale-into-conv";
    }

    @Override
    public Optional<Graph> apply(Graph graph) {
        List<Node> nodes = graph.nodes();
        Map<String, Integer> definers = new TreeMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (Value out : nodes.get(i).outputs()) {
                definers.put(out.name(), i);
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (!(nodes.get(i) instanceof ElementwiseBinary op) || !FOLDED.contains(op.function())) {
                continue;
            }
            boolean commutes = op.function() == BinaryFunction.MUL;
            List<Value> operands = op.inputs();
            for (int side = 0; side < (commutes ? 2 : 1); side++) {
                Value operand = operands.get(side);
                Value constant = operands.get(1 - side);
                Integer convAt = definers.get(operand.name());
                if (convAt != null && nodes.get(convAt) instanceof Conv2d conv) {
                    boolean retypesAnOutput = graph.outputs().contains(op.y())
                            && !op.y().type().equals(op.y().type().refine(conv.y().type()));
                    Optional<double[]> perChannel = retypesAnOutput ? Optional.empty()
                            : perChannel(graph, conv, op, constant);
                    if (perChannel.isPresent()) {
                        return Optional.of(fold(graph, convAt, conv, i, op, perChannel.get()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The constant's value for each output channel, when the pattern's conditions hold. */
    private static Optional<double[]> perChannel(Graph graph, Conv2d conv, ElementwiseBinary op, Value constant) {
        Map<String, Tensor> inits = graph.initializers();
        TensorType y = conv.y().type();
        if (conv.x().type().layout() != Layout.NCHW || y.dim(1) == TensorType.UNKNOWN
                || DeadNodeElimination.uses(graph, conv.y()) != 1 || !op.y().type().shape().equals(y.shape())) {
            return Optional.empty();
        }
        List<Value> params = new ArrayList<>(List.of(conv.w()));
        conv.bias().ifPresent(params::add);
        for (Value p : params) {
            Tensor t = inits.get(p.name());
            if (t == null || t.elementType() != ElementType.FLOAT) {
                return Optional.empty();
            }
        }
        Optional<double[]> byChannel = ChannelConstant.of(graph, constant, y);
        if (byChannel.isPresent() && op.function() == BinaryFunction.DIV
                && Arrays.stream(byChannel.get()).anyMatch(v -> v == 0)) {
            return Optional.empty();
        }
        return byChannel;
    }

    private static Graph fold(Graph graph, int convAt, Conv2d conv, int opAt, ElementwiseBinary op, double[] c) {
        Map<String, Tensor> inits = new TreeMap<>(graph.initializers());
        double[] scale = c.clone();
        if (op.function() == BinaryFunction.DIV) {
            for (int o = 0; o < scale.length; o++) {
                scale[o] = 1 / c[o];
            }
        }
        // The node's output keeps its name; it takes the conv's layout where the node's result had none
        // (an operand order that broadcasts the constant first), so the lowering still sees an image.
        Value y = new Value(op.y().name(), op.y().type().refine(conv.y().type()));
        UnaryOperator<Value> retyped = v -> v.name().equals(y.name()) ? y : v;
        Conv2d folded = ConvAffine.fold(inits, new FreshNames(graph), conv, scale, new double[scale.length], op.name(),
                y);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < graph.nodes().size(); i++) {
            Node n = graph.nodes().get(i);
            if (i != opAt) {
                nodes.add(i == convAt ? folded : n.withValues(retyped));
            }
        }
        return new Graph(graph.name(), graph.inputs(), inits, nodes, graph.outputs());
    }
}
