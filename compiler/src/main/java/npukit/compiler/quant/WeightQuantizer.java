package npukit.compiler.quant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Granularity;
import npukit.arch.config.PeType;
import npukit.arch.config.QuantConfig;
import npukit.arch.config.QuantScheme;
import npukit.arch.numerics.LinearQuantizer;
import npukit.arch.numerics.LogQuantizer;
import npukit.arch.numerics.PeMultiplier;
import npukit.arch.numerics.PowerOfTwoQuantizer;
import npukit.arch.numerics.QuantizedTensor;
import npukit.arch.numerics.Rounder;
import npukit.arch.numerics.TensorQuantizer;
import npukit.compiler.lower.FusedLayer;

/**
 * A fused layer's k x n float weights as the array's operand codes, per chip:
 *
 * <ul>
 *   <li>linear: {@link LinearQuantizer}, symmetric, per column or per tensor as configured;</li>
 *   <li>power-of-two: {@link PowerOfTwoQuantizer}, per column or per tensor;</li>
 *   <li>logarithmic on linear PEs: {@link LogQuantizer} at weightBits (NNIE's formula, per tensor), then
 *       the log values written as symmetric linear codes by {@link LinearQuantizer} (the chip's
 *       rounding), since the array multiplies linear operands;</li>
 *   <li>log PE: {@link LogQuantizer} with one step per octave, so each weight is +-2^e times 2^z; the
 *       PE code is sign << (W-1) | e, and 0 is the PE's own zero code.</li>
 * </ul>
 *
 * <p>Every code is held as the signed W-bit operand the memory word reads as (a log PE code with
 * its sign bit set is negative).
 *
 * <p>The array sums modulo 2^A, so an overflowing column would be silently wrong. The code width
 * starts at the configured one (weightBits; operandBits for the linear representation of log values;
 * exponents 0..2^(b-1)-1 with b = 1 + floor(log2 weightBits) for a log PE, the magnitudes 1..2^(wb-1)
 * of a weightBits linear code) and is narrowed one bit at a time until the worst case, the largest
 * input code magnitude times the largest column sum of |weight| in PE products, fits A signed bits.
 * A narrowing is reported as a note.
 */
final class WeightQuantizer {

    /**
     * @param codes  k x n row-major operand codes
     * @param scales real value of one code (for a log PE, of 2^0) per column
     * @param notes  what was changed from the configuration
     */
    record WeightCodes(int[] codes, double[] scales, List<String> notes) {
    }

    /** One attempt at a given code width; returns the codes (channel-major is the quantizers' layout). */
    private interface Attempt {
        WeightCodes at(int bits);
    }

    private WeightQuantizer() {
    }

    /**
     * The weights of {@code layer} for {@code chip}, given that input codes are {@code inputBits} wide
     * (their largest magnitude, 2^(inputBits-1), sets the worst-case sum).
     */
    static WeightCodes quantize(FusedLayer layer, ChipConfig chip, int inputBits) {
        QuantConfig cfg = chip.quant();
        double[] w = layer.weights().toDoubles();
        for (int i = 0; i < w.length; i++) {
            if (!Double.isFinite(w[i])) {
                throw new IllegalArgumentException("layer " + layer.name() + ": weight [" + i / layer.n() + "]["
                        + i % layer.n() + "] = " + w[i] + " is not finite");
            }
        }
        List<String> notes = new ArrayList<>();
        int k = layer.k();
        int n = layer.n();
        int groups = cfg.granularity() == Granularity.PER_CHANNEL ? n : 1;
        if (groups > 1) {
            zeroDeadChannels(w, k, n, notes);
        }
        Attempt attempt;
        int start;
        if (chip.array().pe() == PeType.LOG) {
            attempt = bits -> logPe(w, k, n, chip, bits);
            start = 1 + (31 - Integer.numberOfLeadingZeros(cfg.weightBits()));
        } else {
            switch (cfg.scheme()) {
                case LINEAR -> {
                    attempt = bits -> affine(new LinearQuantizer(bits, true, groups, rounder(cfg)), w, k, n);
                    start = cfg.weightBits();
                }
                case POWER_OF_TWO -> {
                    attempt = bits -> affine(new PowerOfTwoQuantizer(bits, groups, rounder(cfg)), w, k, n);
                    start = cfg.weightBits();
                }
                default -> {
                    double[] logValues = logValues(w, cfg);
                    attempt = bits -> affine(new LinearQuantizer(bits, true, 1, rounder(cfg)), logValues, k, n);
                    start = chip.array().operandBits();
                    notes.add("weights log-quantized (" + cfg.weightBits() + "-bit, " + cfg.logStepsPerOctave()
                            + " steps per octave, per tensor; exact zeros kept 0) and held as linear operand codes");
                }
            }
            if (cfg.scheme() == QuantScheme.LOGARITHMIC && groups > 1) {
                notes.add("granularity per-channel ignored: log weights have one offset per tensor");
            }
        }
        long limit = (1L << (chip.array().accumulatorBits() - 1)) - 1;
        for (int bits = start; bits >= 2; bits--) {
            WeightCodes c = attempt.at(bits);
            long worst = worstCase(c.codes(), k, n, chip, inputBits);
            if (worst <= limit) {
                if (bits < start) {
                    notes.add("weight codes narrowed from " + start + " to " + bits + " bits so that the worst-case "
                            + "column sum (" + worst + ") fits " + chip.array().accumulatorBits() + "-bit accumulators");
                }
                notes.addAll(c.notes());
                return new WeightCodes(c.codes(), c.scales(), notes);
            }
        }
        throw new IllegalArgumentException("layer " + layer.name() + ": even 2-bit weight codes can overflow "
                + chip.array().accumulatorBits() + "-bit accumulators over k = " + k + " with " + inputBits
                + "-bit inputs");
    }

    /**
     * A dead output channel (every weight below 2^-24 of the layer's largest, as trained networks leave
     * after pruning: values like 1e-42) contributes nothing a float32 sum would keep, but its own
     * per-channel scale would be so small that no requantization multiplier and shift could express it.
     * Such channels become exactly 0 (scale 1, codes 0), so the output is the bias alone, as in float.
     */
    static void zeroDeadChannels(double[] w, int k, int n, List<String> notes) {
        double layerMax = 0;
        for (double v : w) {
            layerMax = Math.max(layerMax, Math.abs(v));
        }
        double dead = Math.scalb(layerMax, -24);
        int zeroed = 0;
        for (int j = 0; j < n; j++) {
            double columnMax = 0;
            for (int kk = 0; kk < k; kk++) {
                columnMax = Math.max(columnMax, Math.abs(w[kk * n + j]));
            }
            if (columnMax != 0 && columnMax < dead) {
                for (int kk = 0; kk < k; kk++) {
                    w[kk * n + j] = 0;
                }
                zeroed++;
            }
        }
        if (zeroed > 0) {
            notes.add(zeroed + " dead output channel" + (zeroed == 1 ? "" : "s") + " (every |w| below 2^-24 of the "
                    + "layer's largest) zeroed, so that no per-channel scale is too small to requantize");
        }
    }

    /** A bias may take this many accumulator units; the 32-bit register also holds the zero point term. */
    static final double BIAS_UNITS = 0x1p29;

    /**
     * Per-channel linear weights whose channel j has a bias too large for its accumulator unit
     * (|b_j| / (s_x,j * s_w,j) above {@link #BIAS_UNITS}) get the coarser scale s_w,j = |b_j| / (s_x,j *
     * BIAS_UNITS), and that column is encoded again with it. Such a channel is bias-dominated: a folded
     * affine step that scales a channel nearly to zero leaves weights of 1e-7 beside a bias of 1, whose
     * own scale would put the bias 10^10 units away. The coarser step moves the output by at most k *
     * max|x| * s_w,j / 2, under 2^-22 of the bias per input element. Other chips' weights come back as
     * they are.
     *
     * @param inputScales s_x,j, the scale of the input codes column j reads
     */
    static WeightCodes widenForBias(FusedLayer layer, ChipConfig chip, WeightCodes w, double[] inputScales) {
        QuantConfig cfg = chip.quant();
        if (layer.bias().isEmpty() || cfg.scheme() != QuantScheme.LINEAR || cfg.granularity() != Granularity.PER_CHANNEL
                || chip.array().pe() == PeType.LOG) {
            return w;
        }
        double[] b = layer.bias().get().toDoubles();
        double[] weights = layer.weights().toDoubles();
        int k = layer.k();
        int n = layer.n();
        int[] codes = w.codes().clone();
        double[] scales = w.scales().clone();
        Rounder rounder = rounder(cfg);
        int widened = 0;
        for (int j = 0; j < n; j++) {
            if (!(scales[j] > 0) || !(Math.abs(b[j]) / (inputScales[j] * scales[j]) > BIAS_UNITS)) {
                continue;
            }
            scales[j] = Math.abs(b[j]) / (inputScales[j] * BIAS_UNITS);
            for (int kk = 0; kk < k; kk++) {
                codes[kk * n + j] = (int) rounder.round(weights[kk * n + j] / scales[j]);
            }
            widened++;
        }
        if (widened == 0) {
            return w;
        }
        List<String> notes = new ArrayList<>(w.notes());
        notes.add(widened + " bias-dominated channel" + (widened == 1 ? "" : "s") + " given a coarser weight scale so "
                + "that the bias fits the 32-bit bias register (2^29 units)");
        return new WeightCodes(codes, scales, notes);
    }

    /** max over columns of 2^(inputBits-1) * sum_k |PE product of 1 and W[k][j]|. */
    static long worstCase(int[] codes, int k, int n, ChipConfig chip, int inputBits) {
        PeMultiplier pe = PeMultiplier.of(chip.array().pe());
        int operandBits = chip.array().operandBits();
        int accBits = chip.array().accumulatorBits();
        long worst = 0;
        for (int j = 0; j < n; j++) {
            long sum = 0;
            for (int kk = 0; kk < k; kk++) {
                sum += Math.abs(pe.product(1, codes[kk * n + j], operandBits, accBits));
            }
            worst = Math.max(worst, sum << (inputBits - 1));
        }
        return worst;
    }

    /** The real values of log-quantized weights; exact zeros stay 0, since a linear operand can hold 0. */
    private static double[] logValues(double[] w, QuantConfig cfg) {
        double[] v = new LogQuantizer(cfg.weightBits(), cfg.logStepsPerOctave(), rounder(cfg)).quantize(w).dequantize();
        for (int i = 0; i < w.length; i++) {
            if (w[i] == 0) {
                v[i] = 0;
            }
        }
        return v;
    }

    /** Quantizes W column by column (the quantizers' channel-major layout) and transposes the codes back. */
    private static WeightCodes affine(TensorQuantizer q, double[] w, int k, int n) {
        double[] byColumn = new double[w.length];
        for (int kk = 0; kk < k; kk++) {
            for (int j = 0; j < n; j++) {
                byColumn[j * k + kk] = w[kk * n + j];
            }
        }
        QuantizedTensor t = q.quantize(byColumn);
        int[] qc = t.codes();
        int[] codes = new int[w.length];
        for (int kk = 0; kk < k; kk++) {
            for (int j = 0; j < n; j++) {
                codes[kk * n + j] = qc[j * k + kk];
            }
        }
        double[] channelScales = t.scales();
        double[] scales = new double[n];
        for (int j = 0; j < n; j++) {
            scales[j] = channelScales[j * t.channels() / n];
        }
        return new WeightCodes(codes, scales, List.of());
    }

    /**
     * Log PE codes: {@link LogQuantizer} with one step per octave at {@code bits} gives z and exponents
     * e = magnitude in 0..2^(bits-1)-1, value +-2^(e+z). The PE cannot hold -2^0 (sign set with e = 0 is
     * its zero), so those weights and exact zeros become 0.
     */
    private static WeightCodes logPe(double[] w, int k, int n, ChipConfig chip, int bits) {
        QuantizedTensor t = new LogQuantizer(bits, 1, rounder(chip.quant())).quantize(w);
        int[] lq = t.codes();
        int operandBits = chip.array().operandBits();
        int peSign = 1 << (operandBits - 1);
        int[] codes = new int[w.length];
        int zeroed = 0;
        for (int i = 0; i < w.length; i++) {
            int e = lq[i] & ((1 << (bits - 1)) - 1);
            boolean negative = (lq[i] >> (bits - 1)) != 0;
            int raw;
            if (w[i] == 0 || (negative && e == 0)) {
                zeroed += w[i] == 0 ? 0 : 1;
                raw = peSign;
            } else {
                raw = (negative ? peSign : 0) | e;
            }
            // Held as the signed operand the memory's W-bit word reads as, like every other operand.
            codes[i] = (int) PeMultiplier.wrap(raw, operandBits);
        }
        double[] scales = new double[n];
        Arrays.fill(scales, Math.scalb(1.0, t.zeroPoints()[0]));
        List<String> notes = zeroed == 0 ? List.of()
                : List.of(zeroed + " weights of -2^z (the smallest negative magnitude) became 0: a log PE has no -2^0");
        return new WeightCodes(codes, scales, notes);
    }

    private static Rounder rounder(QuantConfig cfg) {
        return cfg.rounding().rounder(cfg.stochasticSeed());
    }
}
