package npukit.compiler.partition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.Clip;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.ElementwiseUnary;
import npukit.compiler.ir.Gemm;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.MatMul;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.ir.Value;
import npukit.compiler.lower.FusedActivation;
import npukit.compiler.lower.FusedClip;
import npukit.compiler.lower.FusedLayer;

/**
 * The fusion patterns: a product with constant weights (Conv2d of any groups, Gemm, MatMul of any
 * rank of A by a 2-D B), then
 * optionally a constant bias (MatMul + Add), then optionally the Add of a residual (an activation of the
 * same shape known before the product; not on a grouped convolution), then optionally a ReLU, then
 * optionally a Clip with constant finite bounds (ReLU6), or, on a chip with a lookup table, a one-input
 * function such as HardSwish ({@link #isActivation}), a constant shift right before it joining the bias,
 * each intermediate value read by the next node
 * alone. A match becomes one
 * {@link FusedLayer}: the op the NPU runs as GEMM, bias and ReLU in the quant unit, requantization
 * after, the residual added in the accumulators, the clip as a clamp of the output codes on the VALU,
 * the function as a map of them through the VALU's lookup table.
 */
final class LayerMatcher {

    /** A fused layer and the indices of the nodes it replaces. */
    record Match(FusedLayer layer, List<Integer> nodeIndices) {
    }

    /** The one-input functions a layer may end in on a chip with a lookup table: smooth or piecewise activations. */
    private static final Set<UnaryFunction.Plain> ACTIVATIONS = EnumSet.of(UnaryFunction.Plain.HARD_SWISH,
            UnaryFunction.Plain.SIGMOID, UnaryFunction.Plain.TANH, UnaryFunction.Plain.ERF,
            UnaryFunction.Plain.SOFTPLUS, UnaryFunction.Plain.SOFTSIGN, UnaryFunction.Plain.MISH);

    private final Graph graph;
    private final Map<String, Integer> uses;
    private final boolean activations;

    /** With {@code activations}, a layer takes in a one-input function after it ({@link FusedActivation}). */
    LayerMatcher(Graph graph, Map<String, Integer> uses, boolean activations) {
        this.graph = graph;
        this.uses = uses;
        this.activations = activations;
    }

    /** Whether a layer may end in {@code f}, applied to its codes through a lookup table. */
    static boolean isActivation(UnaryFunction f) {
        return (f instanceof UnaryFunction.Plain p && ACTIVATIONS.contains(p))
                || f instanceof UnaryFunction.HardSigmoid || f instanceof UnaryFunction.LeakyRelu
                || f instanceof UnaryFunction.Elu || f instanceof UnaryFunction.Selu || f instanceof UnaryFunction.Celu
                || f instanceof UnaryFunction.Gelu;
    }

    /** The match starting at node i, if node i is a product the NPU can run. */
    Optional<Match> at(int i) {
        Optional<Match> m = at(i, true);
        // The fused sum is written as the output's codes, which only pays where its readers read codes anyway.
        if (m.isPresent() && m.get().layer().residual().isPresent() && !readAsCodes(m.get().layer().output())) {
            return at(i, false);
        }
        return m;
    }

    private Optional<Match> at(int i, boolean residuals) {
        Node n = graph.nodes().get(i);
        Optional<Product> p = Optional.empty();
        if (n instanceof Conv2d c) {
            p = conv(c);
        } else if (n instanceof Gemm g) {
            p = gemm(g);
        } else if (n instanceof MatMul m) {
            p = matMul(m);
        }
        if (p.isEmpty()) {
            return Optional.empty();
        }
        Product prod = p.get();
        List<Integer> indices = new ArrayList<>(List.of(i));
        List<String> names = new ArrayList<>(List.of(n.name()));
        Value out = prod.output;
        Optional<Tensor> bias = prod.bias;
        if (bias.isEmpty() && n instanceof MatMul) {
            Optional<Integer> add = soleUser(out, i);
            if (add.isPresent() && graph.nodes().get(add.get()) instanceof ElementwiseBinary a && a.function() == BinaryFunction.ADD) {
                Value other = a.a().name().equals(out.name()) ? a.b() : a.a();
                Optional<Tensor> b = graph.constantValue(other.name()).filter(t -> isVector(t, prod.n()));
                if (b.isPresent() && a.y().type().shape().equals(out.type().shape())) {
                    bias = b.map(t -> vector(t));
                    indices.add(add.get());
                    names.add(a.name());
                    out = a.y();
                }
            }
        }
        if (activations) {
            // A constant shift right before a function the layer takes in adds into the bias: PP-OCR's learnable
            // affine blocks put one between each convolution and its HardSwish.
            Optional<Integer> add = soleUser(out, indices.get(indices.size() - 1));
            if (add.isPresent() && graph.nodes().get(add.get()) instanceof ElementwiseBinary a
                    && a.function() == BinaryFunction.ADD && a.y().type().shape().equals(out.type().shape())) {
                Value other = a.a().name().equals(out.name()) ? a.b() : a.a();
                Optional<double[]> shift = graph.constantValue(other.name()).flatMap(t -> shift(t, prod));
                Optional<Integer> f = soleUser(a.y(), add.get());
                if (shift.isPresent() && f.isPresent() && graph.nodes().get(f.get()) instanceof ElementwiseUnary u
                        && isActivation(u.function())) {
                    double[] b = bias.map(Tensor::toDoubles).orElse(new double[prod.n()]);
                    for (int j = 0; j < b.length; j++) {
                        b[j] += shift.get()[j];
                    }
                    bias = Optional.of(Tensor.fromDoubles(TensorType.of(ElementType.FLOAT, prod.n()), b));
                    indices.add(add.get());
                    names.add(a.name());
                    // The Add's broadcast leaves its layout open; it is the product's, as its shape is.
                    out = new Value(a.y().name(), out.type());
                }
            }
        }
        Optional<Value> residual = Optional.empty();
        Optional<Integer> sum = soleUser(out, indices.get(indices.size() - 1));
        if (residuals && sum.isPresent() && graph.nodes().get(sum.get()) instanceof ElementwiseBinary a
                && a.function() == BinaryFunction.ADD && prod.conv.map(g -> g.groups() == 1).orElse(true)) {
            Value other = a.a().name().equals(out.name()) ? a.b() : a.a();
            if (isResidual(other, out, a.y(), i)) {
                residual = Optional.of(other);
                indices.add(sum.get());
                names.add(a.name());
                out = a.y();
            }
        }
        boolean relu = false;
        Optional<Integer> r = soleUser(out, indices.get(indices.size() - 1));
        if (r.isPresent() && graph.nodes().get(r.get()) instanceof ElementwiseUnary rl && rl.function() == UnaryFunction.Plain.RELU) {
            relu = true;
            indices.add(r.get());
            names.add(rl.name());
            out = rl.y();
        }
        Optional<FusedClip> clip = Optional.empty();
        Optional<Integer> c = soleUser(out, indices.get(indices.size() - 1));
        if (c.isPresent() && graph.nodes().get(c.get()) instanceof Clip cl) {
            clip = constantClip(cl, graph);
            if (clip.isPresent()) {
                indices.add(c.get());
                names.add(cl.name());
                out = cl.y();
            }
        }
        Optional<FusedActivation> activation = Optional.empty();
        Optional<Integer> f = clip.isEmpty() && activations ? soleUser(out, indices.get(indices.size() - 1))
                : Optional.empty();
        if (f.isPresent() && graph.nodes().get(f.get()) instanceof ElementwiseUnary u && isActivation(u.function())
                && out.type().elementType() == ElementType.FLOAT && u.y().type().shape().equals(out.type().shape())) {
            activation = Optional.of(new FusedActivation(u.name(), out, u.function()));
            indices.add(f.get());
            names.add(u.name());
            out = new Value(u.y().name(), out.type());
        }
        FusedLayer layer = new FusedLayer(n.name(), names, prod.input, out, prod.conv, prod.weights, bias, relu, clip,
                residual, activation);
        return Optional.of(new Match(layer, indices));
    }

    /**
     * Whether every reader of {@code v} reads it as codes of its own range: as the X of a product with
     * constant weights (which encodes it so) or as an Add's operand (a residual of a later layer, held to
     * the accumulators' precision). A graph output, or a host op reading it in float (a transformer's
     * LayerNorm after its residual Add), would otherwise get the sum at the output's code step where the
     * host's Add kept it in float: on all-MiniLM-L6-v2 fusing those Adds took the embedding's cosine to
     * float from 0.991 to 0.929.
     */
    private boolean readAsCodes(Value v) {
        if (graph.outputs().stream().anyMatch(o -> o.name().equals(v.name()))) {
            return false;
        }
        for (Node n : graph.nodes()) {
            if (n.inputs().stream().noneMatch(x -> x.name().equals(v.name()))) {
                continue;
            }
            boolean codes = (n instanceof ElementwiseBinary a && a.function() == BinaryFunction.ADD)
                    || (n instanceof Conv2d c && c.x().name().equals(v.name()) && graph.constantValue(c.w().name()).isPresent())
                    || (n instanceof Gemm g && g.a().name().equals(v.name()) && graph.constantValue(g.b().name()).isPresent())
                    || (n instanceof MatMul m && m.a().name().equals(v.name()) && graph.constantValue(m.b().name()).isPresent());
            if (!codes) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code other}, added to the product's output {@code out}, can be the layer's residual: a
     * float activation of the same static shape as the sum, not the product itself, and known before the
     * product runs (a graph input or the output of an earlier node), since the step runs at the product's
     * place.
     */
    private boolean isResidual(Value other, Value out, Value sum, int product) {
        if (other.name().equals(out.name()) || graph.constantValue(other.name()).isPresent()
                || !other.type().isStatic() || !other.type().elementType().isFloating()
                || !other.type().shape().equals(out.type().shape()) || !sum.type().shape().equals(out.type().shape())) {
            return false;
        }
        if (graph.inputs().stream().anyMatch(v -> v.name().equals(other.name()))) {
            return true;
        }
        List<Node> nodes = graph.nodes();
        for (int j = 0; j < product; j++) {
            if (nodes.get(j).outputs().stream().anyMatch(v -> v.name().equals(other.name()))) {
                return true;
            }
        }
        return false;
    }

    /** The clip with its bounds, when each bound is absent or a constant finite scalar. */
    static Optional<FusedClip> constantClip(Clip c, Graph graph) {
        Optional<OptionalDouble> min = bound(c.min(), graph);
        Optional<OptionalDouble> max = bound(c.max(), graph);
        if (min.isEmpty() || max.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FusedClip(c.name(), c.x(), min.get(), max.get()));
    }

    /** An absent bound as an empty OptionalDouble; none when the bound varies or is not finite. */
    private static Optional<OptionalDouble> bound(Optional<Value> v, Graph graph) {
        if (v.isEmpty()) {
            return Optional.of(OptionalDouble.empty());
        }
        return graph.constantValue(v.get().name()).filter(t -> t.size() == 1).map(t -> t.getDouble(0))
                .filter(Double::isFinite).map(OptionalDouble::of);
    }

    private record Product(Value input, Value output, Optional<npukit.compiler.ir.ConvGeometry> conv, Tensor weights,
                           Optional<Tensor> bias, int n) {
    }

    private Optional<Product> conv(Conv2d c) {
        Optional<Tensor> w = graph.constantValue(c.w().name());
        TensorType x = c.x().type();
        if (w.isEmpty() || !x.isStatic() || x.layout() != Layout.NCHW) {
            return Optional.empty();
        }
        Optional<Tensor> bias = Optional.empty();
        if (c.bias().isPresent()) {
            bias = graph.constantValue(c.bias().get().name());
            if (bias.isEmpty()) {
                return Optional.empty();
            }
        }
        List<Integer> ws = w.get().shape();
        int cout = ws.get(0);
        int groups = c.geometry().groups();
        int kg = ws.get(1) * ws.get(2) * ws.get(3);
        int k = kg * groups;
        if (!w.get().hasData()) {
            return Optional.of(new Product(c.x(), c.y(), Optional.of(c.geometry()), shapeOnly(k, cout), bias, cout));
        }
        // weight[co][ci][ky][kx] is row co of a [Cout, K] matrix in FusedLayer's column order; W is its transpose.
        double[] wt = groups == 1 ? transpose(w.get().toDoubles(), cout, kg)
                : blockDiagonal(w.get().toDoubles(), cout, kg, groups);
        return Optional.of(new Product(c.x(), c.y(), Optional.of(c.geometry()), matrix(wt, k, cout), bias, cout));
    }

    private Optional<Product> gemm(Gemm g) {
        Optional<Tensor> b = graph.constantValue(g.b().name());
        if (g.transA() || b.isEmpty() || !g.a().type().isStatic()) {
            return Optional.empty();
        }
        List<Integer> bs = b.get().shape();
        int k = g.transB() ? bs.get(1) : bs.get(0);
        int n = g.transB() ? bs.get(0) : bs.get(1);
        double[] w = b.get().toDoubles();
        if (g.transB()) {
            w = transpose(w, n, k);
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (g.alpha() * w[i]);
        }
        Optional<Tensor> bias = Optional.empty();
        if (g.c().isPresent()) {
            Optional<Tensor> c = graph.constantValue(g.c().get().name());
            if (c.isEmpty() || !isVector(c.get(), n)) {
                return Optional.empty();
            }
            double[] cv = c.get().toDoubles();
            for (int i = 0; i < cv.length; i++) {
                cv[i] = (float) (g.beta() * cv[i]);
            }
            bias = Optional.of(Tensor.fromDoubles(TensorType.of(ElementType.FLOAT, n), cv));
        }
        return Optional.of(new Product(g.a(), g.y(), Optional.empty(), matrix(w, k, n), bias, n));
    }

    private Optional<Product> matMul(MatMul m) {
        Optional<Tensor> b = graph.constantValue(m.b().name());
        // A of rank 3 or more (a transformer's [batch, tokens, features]) is its rows stacked: the same product.
        if (b.isEmpty() || b.get().shape().size() != 2 || m.a().type().rank() < 2 || !m.a().type().isStatic()) {
            return Optional.empty();
        }
        int k = b.get().shape().get(0);
        int n = b.get().shape().get(1);
        Tensor w = b.get().hasData() ? matrix(b.get().toDoubles(), k, n) : shapeOnly(k, n);
        return Optional.of(new Product(m.a(), m.y(), Optional.empty(), w, Optional.empty(), n));
    }

    /** The one node after {@code from} that reads {@code v}, when nothing else (and no graph output) does. */
    private Optional<Integer> soleUser(Value v, int from) {
        if (uses.getOrDefault(v.name(), 0) != 1) {
            return Optional.empty();
        }
        List<Node> nodes = graph.nodes();
        for (int j = from + 1; j < nodes.size(); j++) {
            for (Value in : nodes.get(j).inputs()) {
                if (in.name().equals(v.name())) {
                    return Optional.of(j);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isVector(Tensor t, int n) {
        List<Integer> s = t.shape();
        return t.elementType() == ElementType.FLOAT && t.size() == n
                && (s.size() == 1 || (s.size() == 2 && s.get(0) == 1));
    }

    /**
     * A constant added to a product's output as one shift per output channel: one float value, or n of them
     * along the channel axis ([n, 1, 1] or [1, n, 1, 1] after a convolution, [n] or [1, n] after a dense product).
     */
    private static Optional<double[]> shift(Tensor t, Product p) {
        if (t.elementType() != ElementType.FLOAT) {
            return Optional.empty();
        }
        double[] v = t.toDoubles();
        if (v.length == 1) {
            double[] out = new double[p.n()];
            Arrays.fill(out, v[0]);
            return Optional.of(out);
        }
        List<Integer> s = t.shape();
        boolean perChannel = v.length == p.n() && (p.conv().isPresent()
                ? s.equals(List.of(p.n(), 1, 1)) || s.equals(List.of(1, p.n(), 1, 1))
                : s.equals(List.of(p.n())) || s.equals(List.of(1, p.n())));
        return perChannel ? Optional.of(v) : Optional.empty();
    }

    private static Tensor vector(Tensor t) {
        return Tensor.fromDoubles(TensorType.of(ElementType.FLOAT, t.size()), t.toDoubles());
    }

    /** A shape-only W (a timing-only compile's): its values are never read, so none are built. */
    private static Tensor shapeOnly(int rows, int cols) {
        return Tensor.shapeOnly(TensorType.of(ElementType.FLOAT, rows, cols));
    }

    private static Tensor matrix(double[] values, int rows, int cols) {
        return Tensor.fromDoubles(TensorType.of(ElementType.FLOAT, rows, cols), values);
    }

    /**
     * The k x n matrix of a grouped convolution's weights ([Cout, Cin/G, KH, KW], kg = Cin/G * KH * KW
     * per filter): output channel co of group g = co / (Cout/G) reads rows g * kg .. (g + 1) * kg, zeros
     * elsewhere, so the product over all of im2col's columns is the grouped convolution.
     */
    private static double[] blockDiagonal(double[] w, int cout, int kg, int groups) {
        int k = kg * groups;
        int perGroup = cout / groups;
        double[] t = new double[k * cout];
        for (int co = 0; co < cout; co++) {
            int row0 = co / perGroup * kg;
            for (int r = 0; r < kg; r++) {
                t[(row0 + r) * cout + co] = w[co * kg + r];
            }
        }
        return t;
    }

    private static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[a.length];
        // In square blocks, so that both the reads and the strided writes stay in cache: a large
        // layer's weights (millions of elements) otherwise miss on nearly every write.
        int block = 64;
        for (int r0 = 0; r0 < rows; r0 += block) {
            int r1 = Math.min(rows, r0 + block);
            for (int c0 = 0; c0 < cols; c0 += block) {
                int c1 = Math.min(cols, c0 + block);
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        t[c * rows + r] = a[r * cols + c];
                    }
                }
            }
        }
        return t;
    }
}
