package npukit.compiler.pass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import npukit.compiler.ir.BatchNormalization;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * Folds a BatchNormalization into the Conv2d that feeds it, at the first match in node order. Pattern:
 * {@code bn(conv(x, w, b))} where the conv's output is read by the BatchNormalization only (not by
 * another node, not a graph output) and is NCHW (BatchNormalization normalizes axis 1, which is not
 * the channel axis of an NHWC image), and the weights, the bias (if any) and the four BatchNorm
 * parameters are initializers. Replacement: one Conv2d (the conv's name, the BatchNorm's output) with,
 * per output channel c and s = gamma[c] / sqrt(var[c] + epsilon),
 * {@code w'[c] = w[c] * s} and {@code b'[c] = (b[c] - mean[c]) * s + beta[c]} (b = 0 without a bias),
 * computed in double and rounded to float once. The new tensors are initializers named after the
 * BatchNorm node ({@code NAME.weight}, {@code NAME.bias}, made unique with a numeric suffix); the old
 * ones are left for dead-node elimination.
 */
public final class FoldBatchNormIntoConv implements RewriteRule {

    @Override
    public String name() {
        return "fold-batchnorm-into-conv";
    }

    @Override
    public Optional<Graph> apply(Graph graph) {
        List<Node> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (!(nodes.get(i) instanceof BatchNormalization bn)) {
                continue;
            }
            int convAt = definer(nodes, bn.x());
            if (convAt < 0 || !(nodes.get(convAt) instanceof Conv2d conv) || conv.y().type().layout() != Layout.NCHW
                    || DeadNodeElimination.uses(graph, conv.y()) != 1) {
                continue;
            }
            Map<String, Tensor> inits = graph.initializers();
            List<Value> params = new ArrayList<>(List.of(conv.w(), bn.scale(), bn.bias(), bn.mean(), bn.var()));
            conv.bias().ifPresent(params::add);
            if (!params.stream().allMatch(v -> inits.containsKey(v.name()))) {
                continue;
            }
            return Optional.of(fold(graph, convAt, conv, i, bn));
        }
        return Optional.empty();
    }

    private static int definer(List<Node> nodes, Value v) {
        for (int i = 0; i < nodes.size(); i++) {
            for (Value out : nodes.get(i).outputs()) {
                if (out.name().equals(v.name())) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static Graph fold(Graph graph, int convAt, Conv2d conv, int bnAt, BatchNormalization bn) {
        Map<String, Tensor> inits = new TreeMap<>(graph.initializers());
        Tensor w = inits.get(conv.w().name());
        double[] gamma = inits.get(bn.scale().name()).toDoubles();
        double[] beta = inits.get(bn.bias().name()).toDoubles();
        double[] mean = inits.get(bn.mean().name()).toDoubles();
        double[] var = inits.get(bn.var().name()).toDoubles();
        int m = w.shape().get(0);
        double[] b = conv.bias().map(v -> inits.get(v.name()).toDoubles()).orElse(new double[m]);
        double[] wd = w.toDoubles();
        int perFilter = wd.length / m;
        double[] wNew = new double[wd.length];
        double[] bNew = new double[m];
        for (int c = 0; c < m; c++) {
            double s = gamma[c] / Math.sqrt(var[c] + (double) bn.epsilon());
            for (int k = 0; k < perFilter; k++) {
                wNew[c * perFilter + k] = wd[c * perFilter + k] * s;
            }
            bNew[c] = (b[c] - mean[c]) * s + beta[c];
        }
        FreshNames names = new FreshNames(graph);
        String wName = names.take(bn.name() + ".weight");
        inits.put(wName, Tensor.fromDoubles(w.type(), wNew));
        String bName = names.take(bn.name() + ".bias");
        inits.put(bName, Tensor.fromDoubles(TensorType.of(w.elementType(), m), bNew));
        Conv2d folded = new Conv2d(conv.name(), conv.x(), new Value(wName, w.type()),
                Optional.of(new Value(bName, inits.get(bName).type())), bn.y(), conv.geometry());
        List<Node> nodes = new ArrayList<>(graph.nodes());
        nodes.remove(bnAt);
        nodes.set(convAt, folded);
        return new Graph(graph.name(), graph.inputs(), inits, nodes, graph.outputs());
    }
}
