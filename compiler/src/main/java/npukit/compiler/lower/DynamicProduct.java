package npukit.compiler.lower;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import npukit.arch.config.ArrayConfig;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.QuantConfig;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.Value;
import npukit.compiler.quant.ActivationCodec;

/**
 * A product of two activations on the NPU with dynamic quantization: one program of {@link #layer()}'s
 * shape runs {@link #runs()} times, each time with X and the weights the host quantizes from the
 * operands' values when they are known ({@link #pair}), and returns the exact integer products as raw
 * accumulators, which the host scales back ({@link #output}). Each operand of a run is quantized per
 * tensor and symmetric, code = R(v / s) with s = max|v| / maxCode and R the chip's rounding, so no
 * calibration is needed and no zero point enters the sum.
 */
public sealed interface DynamicProduct permits DynamicMatMul, ChannelGate {

    /** The graph node the product computes. */
    Node node();

    /** The operand whose codes are X. */
    Value a();

    /** The operand whose codes are the weights. */
    Value b();

    /** The product's output. */
    Value y();

    /** How many times the program runs per inference, each with its own X and weights. */
    int runs();

    /** Rows of one run's X and output. */
    int m();

    /** Columns of one run's X, rows of its weights. */
    int k();

    /** Columns of one run's weights and output. */
    int n();

    /** The NPU layer of one run, without weights: what the program is compiled for. */
    default NpuLayer layer() {
        return NpuLayer.shapeOnly(node().name(), m(), k(), n(), List.of(), NpuLayer.Output.ACCUMULATORS, Optional.empty());
    }

    /** The NPU layer of one run with its weight codes (k x n, row-major): what the layer reference runs. */
    default NpuLayer layer(int[] weights) {
        return new NpuLayer(node().name(), m(), k(), n(), weights, List.of(), NpuLayer.Output.ACCUMULATORS);
    }

    /**
     * One run's operands, quantized.
     *
     * @param x     X's codes, row-major
     * @param w     the weights' codes, row-major
     * @param scale what one unit of their products is worth
     */
    record Pair(int[] x, int[] w, double scale) {
    }

    /** Run {@code index} (0 .. runs - 1) of the operands' values. */
    Pair pair(double[] aValues, double[] bValues, int index);

    /** The output tensor from each run's accumulators (row-major) and scale. */
    Tensor output(List<int[]> accumulators, List<Double> scales);

    /**
     * The product as the NPU computes it from the operands' values: each run quantized ({@link #pair}), its
     * GEMM on the chip's arithmetic by the layer reference, which the NPU's programs equal bit for bit, and
     * scaled back ({@link #output}).
     */
    default Tensor reference(double[] aValues, double[] bValues, ArrayConfig array, QuantConfig quant) {
        List<int[]> accumulators = new ArrayList<>();
        List<Double> scales = new ArrayList<>();
        for (int p = 0; p < runs(); p++) {
            Pair pair = pair(aValues, bValues, p);
            accumulators.add(NpuLayerReference.run(layer(pair.w()), pair.x(), array, quant));
            scales.add(pair.scale());
        }
        return output(accumulators, scales);
    }

    /**
     * The largest code magnitude whose k products of two still fit the accumulators (k maxCode^2 in A - 1
     * bits), at most the operand width's: then every sum is exact on every chip.
     *
     * @throws IntegerLoweringException when even 1-bit codes do not fit
     */
    static int maxCode(String what, int k, ChipConfig chip) {
        long limit = (1L << (chip.array().accumulatorBits() - 1)) - 1;
        long code = (1L << (chip.array().operandBits() - 1)) - 1;
        // The largest code whose k products of two still fit: floor(sqrt(limit / k)).
        long fits = (long) Math.sqrt((double) limit / k);
        while (fits * fits * k > limit) {
            fits--;
        }
        while ((fits + 1) * (fits + 1) * k <= limit) {
            fits++;
        }
        int maxCode = (int) Math.min(code, fits);
        if (maxCode < 1) {
            throw new IntegerLoweringException(what + ": k = " + k + " products do not fit chip " + chip.name() + "'s "
                    + chip.array().accumulatorBits() + "-bit accumulators even with 1-bit codes");
        }
        return maxCode;
    }

    /** Codes of one quantized operand and what one code step is worth. */
    record Codes(int[] codes, double scale) {

        /** {@code values} quantized per tensor and symmetric to codes of at most {@code maxCode} in magnitude. */
        static Codes of(double[] values, int maxCode, QuantConfig quant) {
            double max = 0;
            for (double v : values) {
                max = Math.max(max, Math.abs(v));
            }
            double scale = max > 0 ? max / maxCode : 1;
            int bits = 32 - Integer.numberOfLeadingZeros(maxCode) + 1;
            int[] codes = new ActivationCodec(ActivationCodec.Kind.AFFINE, scale, 0, bits, 1, quant.rounding(),
                    quant.stochasticSeed()).encode(values);
            for (int i = 0; i < codes.length; i++) {
                codes[i] = Math.max(-maxCode, Math.min(maxCode, codes[i]));
            }
            return new Codes(codes, scale);
        }
    }
}
