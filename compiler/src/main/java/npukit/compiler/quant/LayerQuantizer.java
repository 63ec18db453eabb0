package npukit.compiler.quant;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Granularity;
import npukit.arch.config.QuantConfig;
import npukit.arch.config.QuantScheme;
import npukit.arch.config.RequantPath;
import npukit.arch.numerics.FixedPointMultiplier;
import npukit.arch.numerics.PeMultiplier;
import npukit.arch.numerics.QuantUnit;
import npukit.arch.numerics.QuantUnitRegs;
import npukit.arch.numerics.Rounder;
import npukit.compiler.lower.FusedClip;
import npukit.compiler.lower.FusedLayer;
import npukit.compiler.lower.NpuLayer;

/**
 * Post-training static quantization of one fused layer for one chip (compiler.md, "Quantization").
 * Weights are quantized by {@link WeightQuantizer}; the input and output codecs come from calibrated
 * ranges through {@link ActivationScale}; the float bias, the input zero point and the requantization
 * become each column's quant unit registers.
 *
 * <p>Accumulator unit of column j: s_acc,j = s_x * s_w,j. Lane j's bias is R(b_j / s_acc,j) - z_x *
 * sum_k W[k][j] (W as the PE multiplies it), R the chip's rounding: the array sums raw X codes, which
 * are x / s_x + z_x, and the host pads im2col with z_x, so subtracting z_x per term is exactly this
 * constant.
 */
public final class LayerQuantizer {

    private LayerQuantizer() {
    }

    /** {@code layer} quantized for {@code chip}, its input and output calibrated to the given ranges. */
    public static QuantizedLayer quantize(FusedLayer layer, Range inputRange, Range outputRange, ChipConfig chip) {
        return quantize(layer, inputRange, outputRange, List.of(), chip);
    }

    /**
     * As {@link #quantize(FusedLayer, Range, Range, ChipConfig)}; a grouped convolution given one input range
     * per group ({@code groupRanges}, in group order) has X encoded group by group ({@link GroupInputs}):
     * column j's accumulator unit is s_x,g * s_w,j and its bias term uses z_x,g, both of its own group g.
     */
    public static QuantizedLayer quantize(FusedLayer layer, Range inputRange, Range outputRange, List<Range> groupRanges,
                                          ChipConfig chip) {
        return quantize(layer, inputRange, null, outputRange, groupRanges, chip);
    }

    /**
     * As {@link #quantize(FusedLayer, Range, Range, List, ChipConfig)} for a layer that may end in an activation
     * ({@link FusedLayer#activation}): the quant unit then encodes the product to {@code beforeActivation}'s
     * range, and the layer's code table maps those codes to codes of {@code outputRange}, the activation's.
     */
    public static QuantizedLayer quantize(FusedLayer layer, Range inputRange, Range beforeActivation, Range outputRange,
                                          List<Range> groupRanges, ChipConfig chip) {
        if (layer == null) {
            throw new IllegalArgumentException("a fused layer is required");
        }
        String name = layer.name();
        if (inputRange == null || outputRange == null || chip == null
                || (layer.activation().isPresent() && beforeActivation == null)) {
            throw new IllegalArgumentException("layer " + name + ": input range, output range" + (layer.activation()
                    .isPresent() ? ", the range before its activation" : "") + " and chip are required");
        }
        Range quantRange = layer.activation().isPresent() ? beforeActivation : outputRange;
        QuantConfig cfg = chip.quant();
        if (layer.m() < 1) {
            throw new IllegalArgumentException("layer " + name + ": m = " + layer.m() + " (bind the batch size first)");
        }
        List<String> notes = new ArrayList<>();
        ActivationCodec input = ActivationCodec.affine(ActivationScale.from(inputRange, inputConfig(chip)), cfg);
        if (cfg.scheme() == QuantScheme.LOGARITHMIC) {
            notes.add("input: symmetric linear " + input.bits() + "-bit operands (the host re-encodes the previous "
                    + "layer's log codes)");
        }
        WeightQuantizer.WeightCodes quantized = WeightQuantizer.quantize(layer, chip, input.bits());
        requireOperands(layer, quantized.codes(), chip, input);
        Optional<GroupInputs> groups = groupInputs(layer, inputRange, groupRanges, quantized.scales(), chip);
        double[] inputScales = new double[layer.n()];
        int[] zeroPoints = new int[layer.n()];
        for (int j = 0; j < inputScales.length; j++) {
            // Column j reads only its group's channels: channel j * channels / n is one of them.
            int column = j;
            ActivationCodec x = groups.map(g -> g.ofChannel(column * g.channels() / layer.n())).orElse(input);
            inputScales[j] = x.scale();
            zeroPoints[j] = x.zeroPoint();
        }
        WeightQuantizer.WeightCodes w = WeightQuantizer.widenForBias(layer, chip, quantized, inputScales);
        notes.addAll(w.notes());
        double[] accScales = new double[layer.n()];
        for (int j = 0; j < accScales.length; j++) {
            accScales[j] = inputScales[j] * w.scales()[j];
        }
        long[] bias = bias(layer, accScales, w.codes(), zeroPoints, chip);
        Requant rq = switch (cfg.scheme()) {
            case LINEAR -> linear(layer, accScales, quantRange, chip);
            case POWER_OF_TWO -> powerOfTwo(layer, accScales, quantRange, chip, notes);
            case LOGARITHMIC -> logarithmic(layer, accScales, quantRange, chip);
        };
        QuantUnit unit = new QuantUnit(cfg, chip.array().accumulatorBits());
        List<QuantUnitRegs> lanes = new ArrayList<>();
        for (int j = 0; j < layer.n(); j++) {
            QuantUnitRegs regs = new QuantUnitRegs((int) bias[j], rq.multipliers()[j], rq.shifts()[j],
                    rq.zeroPoint(), layer.relu());
            try {
                unit.check(regs);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + name + ": channel " + j + ": " + e.getMessage(), e);
            }
            lanes.add(regs);
        }
        NpuLayer npu = new NpuLayer(name, layer.m(), layer.k(), layer.n(), w.codes(), lanes, NpuLayer.Output.QUANTIZED,
                clamp(layer, rq.output(), cfg), layer.residual().isPresent());
        ActivationCodec output = rq.output();
        if (layer.activation().isPresent()) {
            // Encoded as a layer reading it would encode its input, so a chain does not break at the table.
            output = ActivationCodec.affine(ActivationScale.from(outputRange, inputConfig(chip)), cfg);
            npu = npu.withTable(table(layer, rq.output(), output, chip));
            notes.add(String.format(Locale.ROOT, "%s: a %d-entry code table on the vector ALU, from codes of"
                    + " [%.4g, %.4g] to codes of [%.4g, %.4g]", layer.activation().get().text(),
                    1 << chip.array().operandBits(), beforeActivation.min(), beforeActivation.max(), outputRange.min(),
                    outputRange.max()));
        }
        return new QuantizedLayer(layer, npu, input, output, w.scales(), notes, groups);
    }

    /**
     * The activation as a map of codes: each code the quant unit can write is decoded, sent through the
     * function in float as the host computes it, and encoded with {@code after}; a W-bit pattern outside
     * the quant unit's codes (narrower activations than operands) takes its nearest code's entry.
     */
    private static NpuLayer.CodeTable table(FusedLayer layer, ActivationCodec before, ActivationCodec after,
                                            ChipConfig chip) {
        if (before.kind() != ActivationCodec.Kind.AFFINE || after.kind() != ActivationCodec.Kind.AFFINE) {
            throw new IllegalArgumentException("layer " + layer.name() + ": its activation "
                    + layer.activation().get().node() + " becomes a code table only between affine codes");
        }
        int w = chip.array().operandBits();
        int[] codes = new int[1 << w];
        for (int i = 0; i < codes.length; i++) {
            int code = (i << (32 - w)) >> (32 - w);
            codes[i] = Math.max(before.minCode(), Math.min(before.maxCode(), code));
        }
        double[] x = before.decode(codes);
        double[] y = new double[x.length];
        var f = layer.activation().get().function();
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) f.apply((float) x[i]);
        }
        return new NpuLayer.CodeTable(after.encode(y));
    }


    /**
     * The fused clip as a clamp of the output codes: [q(min), q(max)] with q the output codec (rounding
     * and saturation included), an absent bound the code range's end. Any monotone q commutes with min
     * and max, so this is exactly the codes of the clipped reals; a bound beyond the range saturates and
     * so clamps nothing. Log codes (sign and magnitude) are not ordered as their values: no clamp there.
     */
    private static Optional<NpuLayer.Clamp> clamp(FusedLayer layer, ActivationCodec output, QuantConfig cfg) {
        if (layer.clip().isEmpty()) {
            return Optional.empty();
        }
        if (output.kind() != ActivationCodec.Kind.AFFINE) {
            throw new IllegalArgumentException("layer " + layer.name() + ": a " + cfg.scheme() + " chip's output codes"
                    + " are not ordered as their values, so its clip " + layer.clip().get().node()
                    + " cannot be a clamp; run it on the host (FusedLayer.withoutClip)");
        }
        FusedClip clip = layer.clip().get();
        int lo = clip.min().isPresent() ? output.encode(new double[] {clip.min().getAsDouble()})[0] : cfg.activationMin();
        int hi = clip.max().isPresent() ? output.encode(new double[] {clip.max().getAsDouble()})[0] : cfg.activationMax();
        return Optional.of(new NpuLayer.Clamp(lo, hi));
    }

    /** Per-column multiplier and shift registers, the shared zero point register and the output codec. */
    private record Requant(int[] multipliers, int[] shifts, int zeroPoint, ActivationCodec output) {
    }

    /**
     * The config whose activation quantizer encodes X: the chip's own, except on a logarithmic chip,
     * where X enters the array as symmetric linear operands of the full operand width.
     */
    static QuantConfig inputConfig(ChipConfig chip) {
        QuantConfig c = chip.quant();
        if (c.scheme() != QuantScheme.LOGARITHMIC) {
            return c;
        }
        return new QuantConfig(QuantScheme.LINEAR, c.rounding(), RequantPath.SINGLE_ROUNDING, Granularity.PER_TENSOR,
                true, c.weightBits(), chip.array().operandBits(), c.multiplierBits(), c.logStepsPerOctave(),
                c.stochasticSeed());
    }

    /**
     * How much narrower than the whole input's range a group's range may be: a dead or nearly constant
     * group would otherwise get a vanishing step. 2^-8 of the tensor's range still gives a quiet group 8
     * more bits than the one input scale would.
     */
    private static final double GROUP_RANGE_FLOOR = 0x1p-8;

    /**
     * The codecs of the groups' ranges, or none when no group ranges are given. A group's range is at
     * least {@link #GROUP_RANGE_FLOOR} of the whole input's, and wide enough that every bias of its columns,
     * b_j / (s_x,g * s_w,j), stays within 2^29 accumulator units (the 32-bit register also holds the zero
     * point term): PP-OCRv4 recognition has a group whose bias would otherwise overflow.
     */
    private static Optional<GroupInputs> groupInputs(FusedLayer layer, Range inputRange, List<Range> groupRanges,
                                                     double[] weightScales, ChipConfig chip) {
        if (groupRanges.isEmpty()) {
            return Optional.empty();
        }
        if (groupRanges.size() != layer.groups() || chip.quant().scheme() == QuantScheme.LOGARITHMIC) {
            throw new IllegalArgumentException("layer " + layer.name() + ": " + groupRanges.size() + " group input ranges"
                    + " for " + layer.groups() + " groups on a " + chip.quant().scheme() + " chip");
        }
        double[] b = layer.bias().map(t -> t.toDoubles()).orElse(new double[layer.n()]);
        int perGroup = layer.n() / layer.groups();
        int codes = 1 << inputConfig(chip).activationBits();
        List<ActivationCodec> codecs = new ArrayList<>();
        for (int g = 0; g < layer.groups(); g++) {
            double step = 0;
            for (int j = g * perGroup; j < (g + 1) * perGroup; j++) {
                if (weightScales[j] > 0) {
                    step = Math.max(step, Math.abs(b[j]) / (weightScales[j] * WeightQuantizer.BIAS_UNITS));
                }
            }
            double floor = Math.max((inputRange.max() - inputRange.min()) * GROUP_RANGE_FLOOR, step * codes);
            Range r = groupRanges.get(g);
            Range wide = r.max() - r.min() >= floor ? r : new Range(r.min(), r.min() + floor);
            codecs.add(ActivationCodec.affine(ActivationScale.from(wide, inputConfig(chip)), chip.quant()));
        }
        return Optional.of(new GroupInputs(codecs, layer.input().type().shape().get(1)));
    }

    /** R(b_j / s_acc,j) - z_x,j * sum_k W[k][j] (z_x,j the zero point X column j reads), which must fit 32 bits. */
    private static long[] bias(FusedLayer layer, double[] accScales, int[] codes, int[] inputZero, ChipConfig chip) {
        double[] b = layer.bias().map(t -> t.toDoubles()).orElse(new double[layer.n()]);
        Rounder rounder = chip.quant().rounding().rounder(chip.quant().stochasticSeed());
        PeMultiplier pe = PeMultiplier.of(chip.array().pe());
        long[] out = new long[layer.n()];
        for (int j = 0; j < out.length; j++) {
            if (!Double.isFinite(b[j])) {
                throw new IllegalArgumentException("layer " + layer.name() + ": bias of channel " + j + " = " + b[j]
                        + " is not finite");
            }
            double units = b[j] / accScales[j];
            if (!(Math.abs(units) <= Integer.MAX_VALUE)) {
                throw biasOverflow(layer, j, b[j], units);
            }
            long columnSum = 0;
            for (int k = 0; k < layer.k(); k++) {
                columnSum += pe.product(1, codes[k * layer.n() + j], chip.array().operandBits(),
                        chip.array().accumulatorBits());
            }
            out[j] = rounder.round(units) - (long) inputZero[j] * columnSum;
            if (out[j] < Integer.MIN_VALUE || out[j] > Integer.MAX_VALUE) {
                throw biasOverflow(layer, j, b[j], out[j]);
            }
        }
        return out;
    }

    private static IllegalArgumentException biasOverflow(FusedLayer layer, int channel, double bias, double units) {
        return new IllegalArgumentException("layer " + layer.name() + ": bias of channel " + channel + " = " + bias
                + " is " + units + " accumulator units (zero point folded in), outside the 32-bit bias register");
    }

    /** multiplier * 2^-(bits-1) * 2^-shift = s_x s_w,j / s_y, rounded by FixedPointMultiplier.fromScale. */
    private static Requant linear(FusedLayer layer, double[] accScales, Range outputRange, ChipConfig chip) {
        QuantConfig cfg = chip.quant();
        ActivationScale out = ActivationScale.from(outputRange, cfg);
        int bits = cfg.requant() == RequantPath.DOUBLE_ROUNDING ? 32 : cfg.multiplierBits();
        int[] multipliers = new int[accScales.length];
        int[] shifts = new int[accScales.length];
        for (int j = 0; j < accScales.length; j++) {
            double ratio = accScales[j] / out.scale();
            FixedPointMultiplier fp;
            try {
                fp = FixedPointMultiplier.fromScale(ratio, bits);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + layer.name() + ": channel " + j + ": requantization scale "
                        + ratio + ": " + e.getMessage(), e);
            }
            if (fp.shift() < -QuantUnitRegs.MAX_SHIFT || fp.shift() > QuantUnitRegs.MAX_SHIFT) {
                throw new IllegalArgumentException("layer " + layer.name() + ": channel " + j + ": requantization scale "
                        + ratio + " needs shift " + fp.shift() + ", outside the register's -31..31");
            }
            multipliers[j] = fp.multiplier();
            shifts[j] = fp.shift();
        }
        return new Requant(multipliers, shifts, out.zeroPoint(), ActivationCodec.affine(out, cfg));
    }

    /**
     * shift_j = log2(s_y / s_acc,j), exact since every scale is a power of two. A negative shift would
     * need a left shift the unit does not have: s_y is widened to the largest s_acc,j instead (noted).
     */
    private static Requant powerOfTwo(FusedLayer layer, double[] accScales, Range outputRange, ChipConfig chip,
                                      List<String> notes) {
        QuantConfig cfg = chip.quant();
        ActivationScale out = ActivationScale.from(outputRange, cfg);
        int outExp = Math.getExponent(out.scale());
        int widest = Integer.MIN_VALUE;
        for (double s : accScales) {
            widest = Math.max(widest, Math.getExponent(s));
        }
        if (outExp < widest) {
            notes.add("output scale widened from 2^" + outExp + " to 2^" + widest + " = s_x * s_w, since the "
                    + "power-of-two unit only shifts right");
            outExp = widest;
            out = new ActivationScale(out.scheme(), Math.scalb(1.0, outExp), out.zeroPoint(), out.bits());
        }
        int[] shifts = new int[accScales.length];
        for (int j = 0; j < accScales.length; j++) {
            shifts[j] = outExp - Math.getExponent(accScales[j]);
            if (shifts[j] > QuantUnitRegs.MAX_SHIFT) {
                throw new IllegalArgumentException("layer " + layer.name() + ": channel " + j + ": output scale 2^"
                        + outExp + " over accumulator scale " + accScales[j] + " needs shift " + shifts[j]
                        + ", more than the unit's 31");
            }
        }
        return new Requant(new int[accScales.length], shifts, out.zeroPoint(), ActivationCodec.affine(out, cfg));
    }

    /**
     * The log unit encodes the accumulator itself, so the offset z is NNIE's z of the output range in
     * accumulator units: {@link ActivationScale} (LogQuantizer) on [min / s_acc, max / s_acc].
     */
    private static Requant logarithmic(FusedLayer layer, double[] accScales, Range outputRange, ChipConfig chip) {
        double accScale = accScales[0];
        for (double s : accScales) {
            if (s != accScale) {
                throw new IllegalStateException("layer " + layer.name() + ": log weights have one scale, got " + s
                        + " and " + accScale);
            }
        }
        Range inUnits = new Range(outputRange.min() / accScale, outputRange.max() / accScale);
        int z = ActivationScale.from(inUnits, chip.quant()).zeroPoint();
        if (z < Short.MIN_VALUE || z > Short.MAX_VALUE) {
            throw new IllegalArgumentException("layer " + layer.name() + ": log offset z = " + z
                    + " for output range [" + outputRange.min() + ", " + outputRange.max() + "] does not fit the 16-bit "
                    + "zero point register");
        }
        int n = accScales.length;
        return new Requant(new int[n], new int[n], z, ActivationCodec.log(accScale, z, chip.quant()));
    }

    /** Weight and input codes must be signed operands of the array's width (activationBits may be narrower). */
    private static void requireOperands(FusedLayer layer, int[] codes, ChipConfig chip, ActivationCodec input) {
        int bits = chip.array().operandBits();
        if (input.bits() > bits) {
            throw new IllegalArgumentException("layer " + layer.name() + ": " + input.bits() + "-bit input codes do not "
                    + "fit " + bits + "-bit operands");
        }
        int lo = -(1 << (bits - 1));
        int hi = (1 << (bits - 1)) - 1;
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] < lo || codes[i] > hi) {
                throw new IllegalStateException("layer " + layer.name() + ": weight code [" + i / layer.n() + "]["
                        + i % layer.n() + "] = " + codes[i] + " does not fit " + bits + "-bit operands");
            }
        }
    }
}
