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
import npukit.compiler.ir.ImageShape;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Slice;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * A transposed convolution as a convolution to its stride's s^2 output phases, a DepthToSpace and, when
 * the pads or the output padding need it, a crop; at the first match in node order. The convolution runs
 * on the array; DepthToSpace and the crop are data movement, which the host does on codes.
 *
 * <p>Why it is exact: along one axis (dilation 1), output y receives X[i] W[t] for every i s + t = y + p
 * (p the leading pad). Write y + p = q s + r with 0 <= r < s: then t = (q - i) s + r, so with j = q - i,
 * {@code Y[q s + r - p] = sum_j X[q - j] W[j s + r]} over 0 <= j < K = ceil(k / s) (a tap j s + r past
 * the kernel is zero). For each phase r that is an ordinary stride-1 convolution of X with the K taps
 * W[(K - 1 - u) s + r], u = 0 .. K - 1, evaluated at block q: one convolution with C_out s^2 filters
 * (filter (o s + a) s + b for phases a, b) computes every phase at once, DepthToSpace in CRD mode puts
 * filter (o s + a) s + b at row q s + a, column q' s + b of channel o, and the crop drops the rows
 * before y = 0 and after the last. A kernel equal to its stride with no pads (segmentation and detection
 * heads' 2x2 stride-2 upsampling) is the case K = 1 with nothing to crop: a 1x1 convolution of no wasted
 * taps. Otherwise the K^2 s^2 taps per filter exceed the k^2 real ones by the zeros (4x4 stride 2: none;
 * 3x3 stride 2: 16 for 9).
 *
 * <p>A dilated transposed convolution is first the undilated one of its kernel spread to its span,
 * zeros between the taps ((k - 1) d + 1 positions along an axis of dilation d): the same sums, and its
 * output size is the same formula's.
 *
 * <p>Pattern: a ConvTranspose2d with an NCHW input of static shape, equal strides on both axes, any
 * dilations, float initializer weights and bias, and pads small enough that the convolution's own pads
 * are not negative (they are K - 1 - floor(p / s) before and floor((k - 1 + output padding - p_end) / s)
 * after). Groups carry over. Replacement: a Conv2d named as it, writing {@code NODE.blocks}
 * (N, C_out s^2, Q_h, Q_w); DepthToSpace {@code NODE.to_image} (blocksize s, CRD); when the image it
 * makes is not the output's exactly, it writes {@code NODE.uncropped} and a Slice {@code NODE.crop} on
 * the two spatial axes writes the output. Initializers {@code NODE.weight}, {@code NODE.bias} (each
 * output channel's bias repeated s^2 times) and the crop's {@code NODE.crop.starts}, {@code .ends},
 * {@code .axes}; names made unique.
 */
public final class ConvTransposeAsConv implements RewriteRule {

    /**
     * One spatial axis of the rewrite: {@code taps} (K) of the convolution, its pads, the blocks it
     * computes and where the output starts in the image DepthToSpace makes of them.
     */
    record Axis(int taps, int padBefore, int padAfter, int blocks, int cropStart, int output) {

        static Axis of(int in, int kernel, int stride, int padBefore, int padAfter, int outputPadding) {
            int output = ConvTranspose2d.size(in, kernel, stride, 1, padBefore + padAfter, outputPadding);
            int taps = (kernel + stride - 1) / stride;
            int first = Math.floorDiv(padBefore, stride);
            int last = Math.floorDiv(padBefore + output - 1, stride);
            return new Axis(taps, taps - 1 - first, last + 1 - in, last - first + 1, padBefore - stride * first, output);
        }

        boolean convolvable() {
            return output > 0 && padBefore >= 0 && padAfter >= 0;
        }

        boolean cropped(int stride) {
            return cropStart != 0 || blocks * stride != output;
        }
    }

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
        if (w == null || w.elementType() != ElementType.FLOAT
                || g.strides().h() != g.strides().w() || ct.x().type().layout() != Layout.NCHW
                || !ct.x().type().isStatic()) {
            return false;
        }
        boolean biasIsInit = ct.bias().map(b -> graph.initializers().containsKey(b.name())).orElse(true);
        return biasIsInit && rowAxis(ct, w).convolvable() && columnAxis(ct, w).convolvable();
    }

    private static Axis rowAxis(ConvTranspose2d ct, Tensor w) {
        ConvGeometry g = ct.geometry();
        return Axis.of(ImageShape.of(ct.x().type()).h(), span(w.shape().get(2), g.dilations().h()), g.strides().h(), g.pads().top(),
                g.pads().bottom(), ct.outputPaddingH());
    }

    private static Axis columnAxis(ConvTranspose2d ct, Tensor w) {
        ConvGeometry g = ct.geometry();
        return Axis.of(ImageShape.of(ct.x().type()).w(), span(w.shape().get(3), g.dilations().w()), g.strides().w(), g.pads().left(),
                g.pads().right(), ct.outputPaddingW());
    }

    /** A kernel of {@code taps} taps {@code dilation} apart spans this many positions. */
    private static int span(int taps, int dilation) {
        return (taps - 1) * dilation + 1;
    }

    private static Graph rewrite(Graph graph, int at, ConvTranspose2d ct) {
        Map<String, Tensor> inits = new TreeMap<>(graph.initializers());
        FreshNames names = new FreshNames(graph);
        Axis rows = rowAxis(ct, inits.get(ct.w().name()));
        Axis cols = columnAxis(ct, inits.get(ct.w().name()));
        Tensor w = undilated(inits.get(ct.w().name()), ct.geometry().dilations());
        int s = ct.geometry().strides().h();
        int groups = ct.geometry().groups();
        int cout = w.shape().get(1) * groups;
        int filters = cout * s * s;

        TensorType wType = TensorType.of(ElementType.FLOAT, filters, w.shape().get(0) / groups, rows.taps(), cols.taps());
        Value weights = new Value(names.take(ct.name() + ".weight"), wType);
        inits.put(weights.name(), Tensor.fromDoubles(wType, phaseWeights(w, groups, s, rows.taps(), cols.taps())));
        Optional<Value> bias = ct.bias().map(b -> {
            double[] bd = inits.get(b.name()).toDoubles();
            double[] repeated = new double[filters];
            for (int i = 0; i < filters; i++) {
                repeated[i] = bd[i / (s * s)];
            }
            TensorType bType = TensorType.of(ElementType.FLOAT, filters);
            Value v = new Value(names.take(ct.name() + ".bias"), bType);
            inits.put(v.name(), Tensor.fromDoubles(bType, repeated));
            return v;
        });
        ConvGeometry geometry = new ConvGeometry(Size2d.ONE,
                new Pads2d(rows.padBefore(), cols.padBefore(), rows.padAfter(), cols.padAfter()), Size2d.ONE, groups);
        Value blocked = new Value(names.take(ct.name() + ".blocks"), Conv2d.infer(ct.name(), ct.x(), weights, geometry));
        List<Node> replacement = new ArrayList<>();
        replacement.add(new Conv2d(ct.name(), ct.x(), weights, bias, blocked, geometry));
        String toImage = names.take(ct.name() + ".to_image");
        if (!rows.cropped(s) && !cols.cropped(s)) {
            replacement.add(new DepthToSpace(toImage, blocked, ct.y(), s, true));
        } else {
            TensorType image = new TensorType(ElementType.FLOAT,
                    DepthToSpace.infer(toImage, blocked, s).shape(), Layout.NCHW);
            Value uncropped = new Value(names.take(ct.name() + ".uncropped"), image);
            replacement.add(new DepthToSpace(toImage, blocked, uncropped, s, true));
            String crop = names.take(ct.name() + ".crop");
            Value starts = vector(inits, names.take(crop + ".starts"), rows.cropStart(), cols.cropStart());
            Value ends = vector(inits, names.take(crop + ".ends"), rows.cropStart() + rows.output(),
                    cols.cropStart() + cols.output());
            Value axes = vector(inits, names.take(crop + ".axes"), 2, 3);
            replacement.add(new Slice(crop, uncropped, starts, ends, Optional.of(axes), Optional.empty(), ct.y()));
        }
        List<Node> nodes = new ArrayList<>(graph.nodes());
        nodes.remove(at);
        nodes.addAll(at, replacement);
        return new Graph(graph.name(), graph.inputs(), inits, nodes, graph.outputs());
    }

    /**
     * The convolution's filters from ConvTranspose weights {@code w} (C_in, C_out / groups, k_h, k_w):
     * filter (o s + a) s + b, input channel c of its group, tap (u, v) holds W[c', o mod (C_out / groups),
     * (K_h - 1 - u) s + a, (K_w - 1 - v) s + b], c' the input channel's index over all groups; zero past
     * the kernel.
     */
    private static double[] phaseWeights(Tensor w, int groups, int s, int tapsH, int tapsW) {
        int cin = w.shape().get(0);
        int coutPerGroup = w.shape().get(1);
        int kh = w.shape().get(2);
        int kw = w.shape().get(3);
        int cinPerGroup = cin / groups;
        int cout = coutPerGroup * groups;
        double[] wd = w.toDoubles();
        double[] conv = new double[cout * s * s * cinPerGroup * tapsH * tapsW];
        for (int o = 0; o < cout; o++) {
            int group = o / coutPerGroup;
            for (int a = 0; a < s; a++) {
                for (int b = 0; b < s; b++) {
                    int filter = (o * s + a) * s + b;
                    for (int c = 0; c < cinPerGroup; c++) {
                        int source = group * cinPerGroup + c;
                        for (int u = 0; u < tapsH; u++) {
                            int th = (tapsH - 1 - u) * s + a;
                            for (int v = 0; v < tapsW; v++) {
                                int tw = (tapsW - 1 - v) * s + b;
                                if (th < kh && tw < kw) {
                                    conv[((filter * cinPerGroup + c) * tapsH + u) * tapsW + v] =
                                            wd[((source * coutPerGroup + o % coutPerGroup) * kh + th) * kw + tw];
                                }
                            }
                        }
                    }
                }
            }
        }
        return conv;
    }

    /**
     * The weights of the same transposed convolution without dilation: each kernel spread to its span,
     * zeros between its taps (a dilated tap t sits at position t d of the span).
     */
    private static Tensor undilated(Tensor w, Size2d d) {
        if (d.equals(Size2d.ONE)) {
            return w;
        }
        int cin = w.shape().get(0);
        int cout = w.shape().get(1);
        int kh = w.shape().get(2);
        int kw = w.shape().get(3);
        int sh = span(kh, d.h());
        int sw = span(kw, d.w());
        double[] wd = w.toDoubles();
        double[] out = new double[cin * cout * sh * sw];
        for (int io = 0; io < cin * cout; io++) {
            for (int u = 0; u < kh; u++) {
                for (int v = 0; v < kw; v++) {
                    out[(io * sh + u * d.h()) * sw + v * d.w()] = wd[(io * kh + u) * kw + v];
                }
            }
        }
        return Tensor.fromDoubles(TensorType.of(ElementType.FLOAT, cin, cout, sh, sw), out);
    }

    private static Value vector(Map<String, Tensor> inits, String name, long... values) {
        Tensor t = Tensor.ofLongs(values);
        inits.put(name, t);
        return new Value(name, t.type());
    }
}
