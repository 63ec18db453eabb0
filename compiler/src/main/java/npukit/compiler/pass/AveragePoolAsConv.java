package npukit.compiler.pass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import npukit.compiler.ir.AveragePool;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ConvGeometry;
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
 * An average pool as the depthwise convolution it is, at the first match in node order: every channel
 * convolved with a kh x kw kernel of 1 / (kh kw), so the array computes it where the host did (a global
 * pool has its own rule, {@link GlobalAveragePoolAsMatMul}). The weights are one constant, which a
 * linear chip's per-channel or per-tensor scale holds exactly (every code the largest); a power-of-two
 * or logarithmic chip rounds 1 / (kh kw) to its grid like any weight.
 *
 * <p>Pattern: an AveragePool of a static NCHW image whose window pads nothing or
 * counts the padding (count_include_pad, so that every window divides by kh kw, as a convolution
 * padded with zeros does), and whose ceil mode, if set, adds no partial window (the convolution's output
 * has the pool's shape). Replacement: a Conv2d named as the pool, writing its output, with the pool's
 * strides, pads and dilations, one group per channel, no bias, and the initializer {@code NODE.weight}
 * of shape [C, 1, kh, kw] (made unique).
 */
public final class AveragePoolAsConv implements RewriteRule {

    @Override
    public String name() {
        return "average-pool-as-conv";
    }

    @Override
    public Optional<Graph> apply(Graph graph) {
        List<Node> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            Optional<Conv2d> conv = Optional.empty();
            if (nodes.get(i) instanceof AveragePool p && (p.countIncludePad() || p.window().pads().equals(Pads2d.NONE))) {
                conv = asConv(graph, p.name(), p.x(), p.y(), p.window().kernel(),
                        new ConvGeometry(p.window().strides(), p.window().pads(), p.window().dilations(), 1));
            }
            if (conv.isPresent()) {
                Map<String, Tensor> inits = new TreeMap<>(graph.initializers());
                inits.put(conv.get().w().name(), weights(conv.get().w().type()));
                List<Node> rewritten = new ArrayList<>(nodes);
                rewritten.set(i, conv.get());
                return Optional.of(new Graph(graph.name(), graph.inputs(), inits, rewritten, graph.outputs()));
            }
        }
        return Optional.empty();
    }

    /** The depthwise Conv2d, when x is a static NCHW float image and it gives the pool's output shape. */
    private static Optional<Conv2d> asConv(Graph graph, String name, Value x, Value y, Size2d kernel,
                                           ConvGeometry window) {
        TensorType t = x.type();
        if (t.rank() != 4 || !t.isStatic() || t.layout() != Layout.NCHW || t.elementType() != ElementType.FLOAT) {
            return Optional.empty();
        }
        int channels = t.dim(1);
        ConvGeometry geometry = new ConvGeometry(window.strides(), window.pads(), window.dilations(), channels);
        Value w = new Value(new FreshNames(graph).take(name + ".weight"),
                TensorType.of(ElementType.FLOAT, channels, 1, kernel.h(), kernel.w()));
        if (!Conv2d.infer(name, x, w, geometry).shape().equals(y.type().shape())) {
            return Optional.empty();
        }
        return Optional.of(new Conv2d(name, x, w, Optional.empty(), y, geometry));
    }

    private static Tensor weights(TensorType type) {
        double[] w = new double[type.elementCount()];
        Arrays.fill(w, 1.0 / (type.dim(2) * type.dim(3)));
        return Tensor.fromDoubles(type, w);
    }
}
