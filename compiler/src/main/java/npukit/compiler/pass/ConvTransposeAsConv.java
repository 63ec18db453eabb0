package npukit.compiler.pass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ConvTranspose2d;
import npukit.compiler.ir.DepthToSpace;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * A transposed convolution whose kernel equals its stride, as a 1x1 convolution and a DepthToSpace, at
 * the first match in node order. Such a layer (segmentation and detection heads upsample this way, 2x2
 * kernels at stride 2) writes each input pixel's own s x s output block, with no overlap, so
 * {@code Y[n, o, h s + a, w s + b] = sum_c X[n, c, h, w] W[c, o, a, b] + bias[o]}: a 1x1 convolution to
 * C_out s^2 channels, channel (o s + a) s + b holding W[., o, a, b], then DepthToSpace in CRD mode, which
 * puts channel (o s + a) s + b at row h s + a, column w s + b of channel o. The convolution runs on the
 * array; DepthToSpace is data movement, which the host does on codes.
 *
 * <p>Pattern: a ConvTranspose2d of one group with an NCHW input, kernel s x s equal to its strides, no
 * pads, no dilation, no output padding, and float initializer weights and bias. Replacement: a Conv2d
 * named as it, writing {@code NODE.blocks} (N, C_out s^2, H, W), and DepthToSpace {@code NODE.to_image}
 * (blocksize s, CRD) writing its output; initializers {@code NODE.weight} [C_out s^2, C_in, 1, 1] and
 * {@code NODE.bias} (each output channel's bias repeated s^2 times), names made unique.
 */
public final class ConvTransposeAsConv implements RewriteRule {

    @Override
    public String name() {
        return "conv-transpose-as-conv";
    }

    @Override
    public Optional<Graph> apply(Graph graph) {
        List<Node> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) instanceof ConvTranspose2d ct && matches(graph, ct)) {
                return Optional.of(rewrite(graph, i, ct));
            }
        }
        return Optional.empty();
    }

    private static boolean matches(Graph graph, ConvTranspose2d ct) {
        ConvGeometry g = ct.geometry();
        Tensor w = graph.initializers().get(ct.w().name());
        if (w == null || w.elementType() != ElementType.FLOAT || g.groups() != 1 || !g.pads().equals(Pads2d.NONE)
                || !g.dilations().equals(Size2d.ONE) || ct.outputPaddingH() != 0 || ct.outputPaddingW() != 0
                || ct.x().type().layout() != Layout.NCHW || !ct.x().type().isStatic()) {
            return false;
        }
        int s = g.strides().h();
        boolean biasIsInit = ct.bias().map(b -> graph.initializers().containsKey(b.name())).orElse(true);
        return biasIsInit && g.strides().w() == s && w.shape().get(2) == s && w.shape().get(3) == s;
    }

    private static Graph rewrite(Graph graph, int at, ConvTranspose2d ct) {
        Map<String, Tensor> inits = new TreeMap<>(graph.initializers());
        FreshNames names = new FreshNames(graph);
        Tensor w = inits.get(ct.w().name());
        int cin = w.shape().get(0);
        int cout = w.shape().get(1);
        int s = ct.geometry().strides().h();
        int blocks = cout * s * s;
        double[] wd = w.toDoubles();
        double[] conv = new double[blocks * cin];
        for (int c = 0; c < cin; c++) {
            for (int o = 0; o < cout; o++) {
                for (int tap = 0; tap < s * s; tap++) {
                    conv[(o * s * s + tap) * cin + c] = wd[(c * cout + o) * s * s + tap];
                }
            }
        }
        TensorType wType = TensorType.of(ElementType.FLOAT, blocks, cin, 1, 1);
        Value weights = new Value(names.take(ct.name() + ".weight"), wType);
        inits.put(weights.name(), Tensor.fromDoubles(wType, conv));
        Optional<Value> bias = ct.bias().map(b -> {
            double[] bd = inits.get(b.name()).toDoubles();
            double[] repeated = new double[blocks];
            for (int i = 0; i < blocks; i++) {
                repeated[i] = bd[i / (s * s)];
            }
            TensorType bType = TensorType.of(ElementType.FLOAT, blocks);
            Value v = new Value(names.take(ct.name() + ".bias"), bType);
            inits.put(v.name(), Tensor.fromDoubles(bType, repeated));
            return v;
        });
        Value blocked = new Value(names.take(ct.name() + ".blocks"), Conv2d.infer(ct.name(), ct.x(), weights, ConvGeometry.DEFAULT));
        List<Node> nodes = new ArrayList<>(graph.nodes());
        nodes.remove(at);
        nodes.addAll(at, List.of(
                new Conv2d(ct.name(), ct.x(), weights, bias, blocked, ConvGeometry.DEFAULT),
                new DepthToSpace(names.take(ct.name() + ".to_image"), blocked, ct.y(), s, true)));
        return new Graph(graph.name(), graph.inputs(), inits, nodes, graph.outputs());
    }
}
