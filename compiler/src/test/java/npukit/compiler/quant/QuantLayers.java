package npukit.compiler.quant;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import npukit.arch.config.ArrayConfig;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Granularity;
import npukit.arch.config.PeType;
import npukit.arch.config.QuantConfig;
import npukit.arch.config.QuantScheme;
import npukit.arch.config.RequantPath;
import npukit.arch.numerics.RoundingMode;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import npukit.compiler.lower.FusedLayer;
import npukit.compiler.lower.NpuLayerReference;

/** Random fused layers, their float reference and their quantized run, shared by the quantization tests. */
final class QuantLayers {

    private QuantLayers() {
    }

    /**
     * No preset has log PEs: this is gemmini with shifter PEs, so the logarithmic scheme with one step
     * per octave (ChipConfig's rule for a log PE), 8-bit codes, round to nearest.
     */
    static ChipConfig logPeChip() {
        ChipConfig g = ChipPresets.gemmini();
        ArrayConfig a = g.array();
        return new ChipConfig("log-pe", "gemmini with log PEs (test chip)",
                new ArrayConfig(a.rows(), a.cols(), a.dataflow(), a.operandBits(), a.accumulatorBits(), PeType.LOG),
                g.sram(), g.hbm(), new QuantConfig(QuantScheme.LOGARITHMIC, RoundingMode.HALF_EVEN,
                        RequantPath.SINGLE_ROUNDING, Granularity.PER_TENSOR, true, 8, 8, 32, 1, 1), g.clock());
    }

    /** A dense layer [m, k] x [k, n] with the given weights (k x n) and bias. */
    static FusedLayer dense(String name, int m, int k, int n, double[] weights, double[] bias, boolean relu) {
        return new FusedLayer(name, List.of(name), new Value(name + ".x", TensorType.of(ElementType.FLOAT, m, k)),
                new Value(name + ".y", TensorType.of(ElementType.FLOAT, m, n)), Optional.empty(),
                Tensor.fromDoubles(TensorType.of(ElementType.FLOAT, k, n), weights),
                Optional.of(Tensor.fromDoubles(TensorType.of(ElementType.FLOAT, n), bias)), relu);
    }

    /** A 3x3 valid convolution of a 1 x cin x h x w image to cout channels: m = (h-2)(w-2), k = 9 cin. */
    static FusedLayer conv(String name, int cin, int h, int w, int cout, double[] weights, double[] bias, boolean relu) {
        TensorType in = new TensorType(ElementType.FLOAT, List.of(1, cin, h, w), Layout.NCHW);
        TensorType out = new TensorType(ElementType.FLOAT, List.of(1, cout, h - 2, w - 2), Layout.NCHW);
        return new FusedLayer(name, List.of(name), new Value(name + ".x", in), new Value(name + ".y", out),
                Optional.of(ConvGeometry.DEFAULT), Tensor.fromDoubles(TensorType.of(ElementType.FLOAT, 9 * cin, cout),
                weights), Optional.of(Tensor.fromDoubles(TensorType.of(ElementType.FLOAT, cout), bias)), relu);
    }

    static double[] uniform(Random r, int count, double lo, double hi) {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = lo + (hi - lo) * r.nextDouble();
        }
        return v;
    }

    /** relu?(X W + b) in double, from the layer's own (float) weights and bias; X is m x k reals. */
    static double[] reference(FusedLayer layer, double[] x) {
        double[] w = layer.weights().toDoubles();
        double[] b = layer.bias().map(Tensor::toDoubles).orElse(new double[layer.n()]);
        int m = x.length / layer.k();
        double[] y = new double[m * layer.n()];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < layer.n(); j++) {
                double s = b[j];
                for (int k = 0; k < layer.k(); k++) {
                    s += x[i * layer.k() + k] * w[k * layer.n() + j];
                }
                y[i * layer.n() + j] = layer.relu() ? Math.max(0, s) : s;
            }
        }
        return y;
    }

    /** The min..max range of {@code values}, as minmax calibration gives. */
    static Range rangeOf(double[] values) {
        Calibrator c = CalibrationMethod.MINMAX.create();
        c.observe(values);
        return c.range();
    }

    /** X encoded by the input codec, run through the layer oracle, Y decoded by the output codec. */
    static double[] runQuantized(QuantizedLayer q, double[] x, ChipConfig chip) {
        int[] codes = q.input().encode(x);
        int[] y = NpuLayerReference.run(q.npu(), codes, chip.array(), chip.quant());
        return q.output().decode(y);
    }

    /** Quantizes with ranges taken from X and the float output, runs, and returns the decoded output. */
    static double[] quantizeAndRun(FusedLayer layer, double[] x, ChipConfig chip) {
        QuantizedLayer q = LayerQuantizer.quantize(layer, rangeOf(x), rangeOf(reference(layer, x)), chip);
        return runQuantized(q, x, chip);
    }
}
