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
import npukit.compiler.ir.Gemm;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.IrException;
import npukit.compiler.ir.MatMul;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * Moves per-channel scales from a product's input to its weights (SmoothQuant; the scales come from
 * {@code quant.Smoothing}): every product node named in {@code scales} (a Conv2d of one group, a Gemm
 * without transA, a MatMul by a 2-D B), whose weights are an initializer, at once. For channel c with
 * scale s_c the node reads {@code x * (1 / s)} from a new host {@code Mul} named {@code NODE.smooth}
 * just before it, and its weights become s_c W[c, ...] along the input-channel axis (a Conv2d's axis
 * 1, a MatMul's rows, a Gemm's k axis of B as stored). In float the product is unchanged up to
 * rounding. The new initializers are {@code NODE.smooth_scale} (the 1 / s, shaped [C, 1, 1] for an
 * NCHW input, [K] for a dense one) and {@code NODE.smooth_weight}; the Mul's output is
 * {@code X.smoothed} (X the input's name), each made unique with a numeric suffix; the old weights are
 * left for dead-node elimination. Nodes that already read their {@code .smooth} Mul are skipped, so
 * the rule applies once.
 *
 * @param scales by product node name, one positive scale per input channel
 */
public record SmoothInputs(Map<String, double[]> scales) implements RewriteRule {

    /** The smoothing Mul of node NODE is named NODE + SUFFIX. */
    public static final String SUFFIX = ".smooth";

    public SmoothInputs {
        scales = new LinkedHashMap<>(scales);
        scales.replaceAll((name, s) -> s.clone());
        scales.forEach((name, s) -> {
            for (double v : s) {
                if (!(v > 0 && Double.isFinite(v))) {
                    throw new IllegalArgumentException("smoothing scales of " + name + ": " + v + " is not a positive"
                            + " finite number");
                }
            }
        });
        scales = java.util.Collections.unmodifiableMap(scales);
    }

    @Override
    public String name() {
        return "smooth-inputs";
    }

    @Override
    public Optional<Graph> apply(Graph graph) {
        Set<String> names = new HashSet<>();
        graph.nodes().forEach(n -> names.add(n.name()));
        FreshNames taken = new FreshNames(graph);
        Map<String, Tensor> inits = new TreeMap<>(graph.initializers());
        List<Node> nodes = new ArrayList<>();
        boolean changed = false;
        for (Node n : graph.nodes()) {
            double[] s = scales.get(n.name());
            if (s == null || names.contains(n.name() + SUFFIX)) {
                nodes.add(n);
                continue;
            }
            Rewrite r = target(n, s.length);
            Tensor w = inits.get(r.w().name());
            if (w == null) {
                throw new IrException("smoothing " + n.name() + ": its weights " + r.w().ref() + " are not an initializer");
            }
            String scaleName = taken.take(n.name() + ".smooth_scale");
            double[] inverse = new double[s.length];
            for (int c = 0; c < s.length; c++) {
                inverse[c] = 1 / s[c];
            }
            TensorType scaleType = r.x().type().rank() == 4 && r.axisOfX() == 1
                    ? TensorType.of(ElementType.FLOAT, s.length, 1, 1) : TensorType.of(ElementType.FLOAT, s.length);
            inits.put(scaleName, Tensor.fromDoubles(scaleType, inverse));
            String wName = taken.take(n.name() + ".smooth_weight");
            inits.put(wName, Tensor.fromDoubles(w.type(), scaled(w, r.axisOfW(), s)));
            Value xs = new Value(taken.take(r.x().name() + ".smoothed"), r.x().type());
            nodes.add(new ElementwiseBinary(n.name() + SUFFIX, BinaryFunction.MUL, r.x(),
                    new Value(scaleName, scaleType), xs));
            Value wNew = new Value(wName, w.type());
            nodes.add(n.withValues(v -> v.equals(r.x()) ? xs : v.equals(r.w()) ? wNew : v));
            changed = true;
        }
        if (!changed) {
            return Optional.empty();
        }
        return Optional.of(new Graph(graph.name(), graph.inputs(), inits, nodes, graph.outputs()));
    }

    /** Whether the rule can smooth {@code n}: a product it takes, with its weights an initializer. */
    public static boolean applies(Node n, Graph graph) {
        Optional<Rewrite> r = rewrite(n);
        return r.isPresent() && graph.initializers().containsKey(r.get().w().name());
    }

    /** The input X, the weights W, X's channel axis and W's axis along X's channels. */
    private record Rewrite(Value x, Value w, int axisOfX, int axisOfW) {
    }

    private static Optional<Rewrite> rewrite(Node n) {
        if (n instanceof Conv2d c && c.geometry().groups() == 1) {
            return Optional.of(new Rewrite(c.x(), c.w(), 1, 1));
        } else if (n instanceof Gemm g && !g.transA()) {
            return Optional.of(new Rewrite(g.a(), g.b(), 1, g.transB() ? 1 : 0));
        } else if (n instanceof MatMul m && m.b().type().rank() == 2) {
            return Optional.of(new Rewrite(m.a(), m.b(), m.a().type().rank() - 1, 0));
        }
        return Optional.empty();
    }

    private static Rewrite target(Node n, int channels) {
        Rewrite r = rewrite(n).orElseThrow(() -> new IrException("smoothing " + n.name() + ": a " + n.op() + " is not a"
                + " product with one input whose channels the weights read (a Conv2d of one group, a Gemm without"
                + " transA, a MatMul by a 2-D B)"));
        if (r.x().type().dim(r.axisOfX()) != channels || r.w().type().dim(r.axisOfW()) != channels) {
            throw new IrException("smoothing " + n.name() + ": " + channels + " scales for input " + r.x().text()
                    + " and weights " + r.w().text());
        }
        return r;
    }

    /** The weights with every slice along {@code axis} multiplied by its scale, in double, rounded once. */
    static double[] scaled(Tensor w, int axis, double[] s) {
        double[] v = w.toDoubles();
        int inner = 1;
        for (int d = axis + 1; d < w.shape().size(); d++) {
            inner *= w.shape().get(d);
        }
        for (int i = 0; i < v.length; i++) {
            v[i] *= s[i / inner % s.length];
        }
        return v;
    }

    /** {@code base}, or {@code base.N} for the least N >= 1 not in {@code taken}; then taken. */
}
