package npukit.compiler.quant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.Value;
import npukit.compiler.lower.FusedLayer;

/**
 * Activation-to-weight scale migration (SmoothQuant, Xiao et al. 2023): per input channel c of a layer,
 * s_c = max|X_c|^alpha / max|W_c|^(1 - alpha), X_c the layer's input channel over the calibration
 * samples and W_c the weight rows that read it. The host then feeds X / s and the layer's weights
 * become s_c W[c, :] (the float product is unchanged; {@code pass.SmoothInputs} rewrites the graph).
 *
 * <p>Why: X is quantized with one scale per tensor, so a few outlier channels (after LayerNorm or GELU
 * in a transformer, after HardSwish in a mobile CNN) set the step of every channel, and the narrow
 * channels keep a handful of codes. Dividing each channel by s_c evens the channels' ranges; the weight
 * rows grow by s_c instead, which a per-output-channel weight scale absorbs only partly, and alpha
 * balances the two.
 */
public final class Smoothing {

    private Smoothing() {
    }

    /**
     * Per-channel scales from one run of the calibration samples.
     *
     * @param inputs  by layer name, one scale s per input channel: the host feeds X / s, W's rows take s
     * @param outputs by layer name, one scale t per output channel: W's columns and the bias take 1 / t,
     *                the host multiplies the output by t
     */
    public record Scales(Map<String, double[]> inputs, Map<String, double[]> outputs) {
    }

    /**
     * The input smoothing scales of {@code inputSide} ({@link #scales(double[], double[], double)}, one
     * per input channel: a convolution's channel is axis 1 of its NCHW input, all its im2col columns
     * sharing it, a dense layer's the last axis of X, one per row of W) and the output scales of
     * {@code outputSide} ({@link #outputScales} of {@code strength}, one per output channel, axis 1 of an
     * image, the last axis of a dense output), from the channel maxima over all {@code samples}.
     */
    public static Scales scales(Graph graph, List<FusedLayer> inputSide, List<FusedLayer> outputSide,
                                List<Map<String, Tensor>> samples, double alpha, double strength) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("smoothing alpha " + alpha + " must be in [0, 1]");
        }
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("graph " + graph.name() + ": smoothing needs at least one sample");
        }
        Map<String, double[]> xMax = new LinkedHashMap<>();
        Map<String, double[]> yMax = new LinkedHashMap<>();
        List<Value> outputs = new ArrayList<>(graph.outputs());
        for (FusedLayer l : inputSide) {
            if (l.groups() != 1) {
                throw new IllegalArgumentException("layer " + l.name() + ": a grouped convolution is not smoothed"
                        + " (its input is encoded group by group instead)");
            }
            xMax.put(l.name(), new double[channels(l)]);
            outputs.add(l.input());
        }
        for (FusedLayer l : outputSide) {
            yMax.put(l.name(), new double[l.n()]);
            outputs.add(l.output());
        }
        Graph probed = new Graph(graph.name(), graph.inputs(), graph.initializers(), graph.nodes(),
                outputs.stream().filter(v -> !graph.initializers().containsKey(v.name())).distinct().toList());
        for (Map<String, Tensor> sample : samples) {
            Map<String, Tensor> values = Interpreter.run(probed, sample);
            for (FusedLayer l : inputSide) {
                Tensor x = values.containsKey(l.input().name()) ? values.get(l.input().name())
                        : graph.initializers().get(l.input().name());
                observe(x, l.isConv(), xMax.get(l.name()));
            }
            for (FusedLayer l : outputSide) {
                observe(values.get(l.output().name()), l.isConv(), yMax.get(l.name()));
            }
        }
        Map<String, double[]> in = new LinkedHashMap<>();
        for (FusedLayer l : inputSide) {
            in.put(l.name(), scales(xMax.get(l.name()), weightMaxima(l), alpha));
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        yMax.forEach((name, max) -> out.put(name, outputScales(max, strength)));
        return new Scales(in, out);
    }

    /**
     * t_j = m_j^strength widest^(1 - strength), with m_j = max|Y_j| but at least 2^-8 of the widest channel's
     * (all 1 when every channel is zero). With strength 1 every channel spans about [-1, 1] on the calibration
     * samples, and so has no headroom beyond what they showed it; with strength g a channel r times narrower
     * than the widest spans about r^(1 - g), keeping a headroom of (1 / r)^(1 - g) for inputs the calibration
     * did not see (docs/compiler.md, "Scale migration"). The floor keeps a dead channel's weights from growing
     * without bound.
     */
    public static double[] outputScales(double[] yMax, double strength) {
        if (!(strength > 0 && strength <= 1)) {
            throw new IllegalArgumentException("output scaling strength " + strength + " must be in (0, 1]");
        }
        double widest = 0;
        for (double m : yMax) {
            widest = Math.max(widest, m);
        }
        double[] t = new double[yMax.length];
        for (int j = 0; j < t.length; j++) {
            t[j] = widest == 0 ? 1 : Math.pow(Math.max(yMax[j], widest / 256), strength) * Math.pow(widest, 1 - strength);
        }
        return t;
    }

    /**
     * s_c = xMax_c^alpha / wMax_c^(1 - alpha); 1 for a channel that is all zero in X or in W, where
     * there is nothing to balance (and the formula would divide by zero).
     */
    public static double[] scales(double[] xMax, double[] wMax, double alpha) {
        if (xMax.length != wMax.length) {
            throw new IllegalArgumentException("smoothing: " + xMax.length + " input channel maxima for "
                    + wMax.length + " weight channels");
        }
        double[] s = new double[xMax.length];
        for (int c = 0; c < s.length; c++) {
            s[c] = xMax[c] > 0 && wMax[c] > 0 ? Math.pow(xMax[c], alpha) / Math.pow(wMax[c], 1 - alpha) : 1;
        }
        return s;
    }

    /** Input channels of a layer: Cin of a convolution (k = Cin KH KW), k of a dense layer. */
    static int channels(FusedLayer l) {
        return l.isConv() ? l.input().type().dim(1) : l.k();
    }

    /** max|W| over the rows of W that read each input channel (a convolution's KH KW consecutive rows). */
    static double[] weightMaxima(FusedLayer l) {
        int channels = channels(l);
        int rowsPerChannel = l.k() / channels;
        int n = l.n();
        double[] w = l.weights().toDoubles();
        double[] max = new double[channels];
        for (int row = 0; row < l.k(); row++) {
            int c = row / rowsPerChannel;
            for (int j = 0; j < n; j++) {
                max[c] = Math.max(max[c], Math.abs(w[row * n + j]));
            }
        }
        return max;
    }

    /** Folds max|x| of each channel of {@code x} into {@code max}: axis 1 of an NCHW image, else the last axis. */
    private static void observe(Tensor x, boolean image, double[] max) {
        double[] v = x.toDoubles();
        int channels = max.length;
        int inner = image ? x.shape().get(2) * x.shape().get(3) : 1;
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("smoothing: a non-finite input value (" + v[i] + ")");
            }
            int c = i / inner % channels;
            max[c] = Math.max(max[c], Math.abs(v[i]));
        }
    }
}
