package npukit.compiler.pass;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.ElementwiseUnary;
import npukit.compiler.ir.Gemm;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.IrException;
import npukit.compiler.ir.MatMul;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.ir.Value;

/**
 * Moves per-channel scales from a layer's output to its weights: for output channel j with scale t_j,
 * the product's weights and bias along the output axis become W[..., j] / t_j and b_j / t_j (a Conv2d's
 * axis 0 of W and its bias, a Gemm's n axis of B and its C, a MatMul's columns and the constant of the
 * bias Add after it), a ReLU between stays (it commutes with a positive scale), and a new host
 * {@code Mul} named {@code LAST.unscale} (LAST the layer's last node) multiplies the layer's output by t
 * back into the value its readers read. The layer's last node then writes {@code Y.scaled} (Y its old
 * output's name, made unique). In float the graph's values are unchanged up to rounding.
 *
 * <p>Why: the NPU writes a layer's output with one scale per tensor, so a single wide channel (a
 * transformer's FFN output projection writes one channel up to 190 where most stay under 1) sets the
 * step of every channel. Divided by t the channels span alike, and a chip with per-channel weight scales
 * and per-lane requantization absorbs 1 / t exactly in the weight scales: it is one output scale per
 * channel, with nothing new on the chip. The host multiplies back, so only a layer whose output the host
 * reads can be scaled (not inside a chain or before a VALU pool).
 *
 * @param layers by the layer's product node name, the names of the nodes it fuses (product, optional bias
 *               Add, optional ReLU) and one positive scale per output channel
 */
public record ScaleOutputs(Map<String, Layer> layers) implements RewriteRule {

    /** The Mul after a layer whose last node is LAST is named LAST + SUFFIX. */
    public static final String SUFFIX = ".unscale";

    /** One layer's fused nodes (product first) and its output channels' scales. */
    public record Layer(List<String> nodes, double[] scales) {

        public Layer {
            nodes = List.copyOf(nodes);
            scales = scales.clone();
            for (double v : scales) {
                if (!(v > 0 && Double.isFinite(v))) {
                    throw new IllegalArgumentException("output scales of " + nodes.get(0) + ": " + v + " is not a positive"
                            + " finite number");
                }
            }
        }

        @Override
        public double[] scales() {
            return scales.clone();
        }
    }

    public ScaleOutputs {
        layers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(layers));
    }

    @Override
    public String name() {
        return "scale-outputs";
    }

    @Override
    public Optional<Graph> apply(Graph graph) {
        Set<String> nodeNames = new HashSet<>();
        graph.nodes().forEach(n -> nodeNames.add(n.name()));
        FreshNames taken = new FreshNames(graph);
        Map<String, Tensor> inits = new TreeMap<>(graph.initializers());
        Map<String, Node> replaced = new LinkedHashMap<>();
        Map<String, Node> after = new LinkedHashMap<>();
        for (Layer layer : layers.values()) {
            String last = layer.nodes().get(layer.nodes().size() - 1);
            if (nodeNames.contains(last + SUFFIX)) {
                continue;
            }
            double[] t = layer.scales();
            double[] inverse = new double[t.length];
            for (int j = 0; j < t.length; j++) {
                inverse[j] = 1 / t[j];
            }
            Map<String, Node> byName = new LinkedHashMap<>();
            graph.nodes().stream().filter(n -> layer.nodes().contains(n.name())).forEach(n -> byName.put(n.name(), n));
            for (String name : layer.nodes()) {
                Node n = byName.get(name);
                if (n == null) {
                    throw new IrException("scaling outputs: no node " + name);
                }
                Node scaled = scaleConstants(n, name.equals(layer.nodes().get(0)), inverse, graph, inits, taken);
                if (name.equals(last)) {
                    Value y = n.outputs().get(0);
                    Value ys = new Value(taken.take(y.name() + ".scaled"), y.type());
                    scaled = scaled.withValues(v -> v.equals(y) ? ys : v);
                    // An NCHW image's channels are axis 1; a dense output's the last axis.
                    TensorType tt = byName.get(layer.nodes().get(0)) instanceof Conv2d
                            ? TensorType.of(ElementType.FLOAT, t.length, 1, 1) : TensorType.of(ElementType.FLOAT, t.length);
                    String tName = taken.take(layer.nodes().get(0) + ".output_scale");
                    inits.put(tName, Tensor.fromDoubles(tt, t));
                    after.put(name, new ElementwiseBinary(last + SUFFIX, BinaryFunction.MUL, ys, new Value(tName, tt), y));
                }
                replaced.put(name, scaled);
            }
        }
        if (replaced.isEmpty()) {
            return Optional.empty();
        }
        List<Node> nodes = new ArrayList<>();
        for (Node n : graph.nodes()) {
            nodes.add(replaced.getOrDefault(n.name(), n));
            if (after.containsKey(n.name())) {
                nodes.add(after.get(n.name()));
            }
        }
        return Optional.of(new Graph(graph.name(), graph.inputs(), inits, nodes, graph.outputs()));
    }

    /**
     * The node with its constants along the output channels multiplied by {@code inverse}: the product's
     * weights (and a Conv2d's bias or a Gemm's C), a bias Add's constant; a ReLU unchanged.
     */
    private static Node scaleConstants(Node n, boolean product, double[] inverse, Graph graph, Map<String, Tensor> inits,
                                       FreshNames taken) {
        List<Value> constants = new ArrayList<>();
        List<Integer> axes = new ArrayList<>();
        if (product && n instanceof Conv2d c) {
            constants.add(c.w());
            axes.add(0);
            c.bias().ifPresent(b -> {
                constants.add(b);
                axes.add(0);
            });
        } else if (product && n instanceof Gemm g && !g.transA()) {
            constants.add(g.b());
            axes.add(g.transB() ? 0 : 1);
            g.c().ifPresent(b -> {
                constants.add(b);
                axes.add(b.type().rank() - 1);
            });
        } else if (product && n instanceof MatMul m && m.b().type().rank() == 2) {
            constants.add(m.b());
            axes.add(1);
        } else if (!product && n instanceof ElementwiseBinary a && a.function() == BinaryFunction.ADD) {
            Value bias = inits.containsKey(a.b().name()) ? a.b() : a.a();
            constants.add(bias);
            axes.add(bias.type().rank() - 1);
        } else if (!product && n instanceof ElementwiseUnary r && r.function() == UnaryFunction.Plain.RELU) {
            return n;
        } else {
            throw new IrException("scaling outputs: " + n.op() + " " + n.name() + " is not a product, bias Add or ReLU");
        }
        Map<Value, Value> renamed = new LinkedHashMap<>();
        for (int i = 0; i < constants.size(); i++) {
            Value v = constants.get(i);
            Tensor old = inits.get(v.name());
            if (old == null) {
                throw new IrException("scaling outputs: " + v.ref() + " of " + n.name() + " is not an initializer");
            }
            if (old.type().dim(axes.get(i)) != inverse.length || old.size() % inverse.length != 0) {
                throw new IrException("scaling outputs: " + inverse.length + " scales for " + v.text() + " of " + n.name());
            }
            String name = taken.take(n.name() + ".scaled_" + (i == 0 && product ? "weight" : "bias"));
            inits.put(name, Tensor.fromDoubles(old.type(), SmoothInputs.scaled(old, axes.get(i), inverse)));
            renamed.put(v, new Value(name, old.type()));
        }
        return n.withValues(v -> renamed.getOrDefault(v, v));
    }

    /** Whether the rule can scale a layer made of {@code nodes} (product first): constants it takes. */
    public static boolean applies(List<Node> nodes, Graph graph) {
        Node p = nodes.get(0);
        List<Value> constants = new ArrayList<>();
        if (p instanceof Conv2d c) {
            constants.add(c.w());
            c.bias().ifPresent(constants::add);
        } else if (p instanceof Gemm g && !g.transA()) {
            constants.add(g.b());
            g.c().ifPresent(constants::add);
            if (g.c().isPresent() && g.c().get().type().elementCount() != g.y().type().dim(1)) {
                return false;
            }
        } else if (p instanceof MatMul m && m.b().type().rank() == 2) {
            constants.add(m.b());
        } else {
            return false;
        }
        for (Node n : nodes.subList(1, nodes.size())) {
            if (n instanceof ElementwiseBinary a && a.function() == BinaryFunction.ADD) {
                Value bias = graph.initializers().containsKey(a.b().name()) ? a.b() : a.a();
                if (bias.type().elementCount() != bias.type().dim(bias.type().rank() - 1)) {
                    return false;
                }
                constants.add(bias);
            } else if (!(n instanceof ElementwiseUnary r && r.function() == UnaryFunction.Plain.RELU)) {
                return false;
            }
        }
        return constants.stream().allMatch(v -> graph.initializers().containsKey(v.name()));
    }
}
