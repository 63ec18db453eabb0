package npukit.sim.fpga;

import npukit.arch.config.ChipConfig;
import npukit.arch.config.Dataflow;
import npukit.arch.config.QuantScheme;
import npukit.isa.Geometry;

/**
 * A fast analytic estimate of a chip's FPGA resources, for sweeps that cannot wait for Yosys.
 *
 * <p>Logic (LUTs, flip-flops, DSPs) is a linear function of the array's shape, operand width and
 * quantization scheme whose coefficients were fitted by least squares to Yosys runs of `npu rtl synth`
 * (the configs and figures are in {@code simulator/src/test/resources/synth/yosys-xc7.csv};
 * docs/synthesis.md states the error, fitted and held out). Block RAMs are not fitted: they are the same dimension-based count `npu rtl synth` makes
 * for the scratchpad and accumulator memories ({@link BlockRams}), from the chip's geometry. Only
 * xc7 logic is fitted; for ice40 the logic figures are the xc7 fit's, which docs/synthesis.md
 * says is not measured.
 */
public final class FpgaResourceModel {

    /** Read and write ports of the scratchpad and accumulator memories in the RTL (microarchitecture.md, "Memories"). */
    public static final int MEMORY_READ_PORTS = 3;
    public static final int MEMORY_WRITE_PORTS = 2;

    /** An estimate, in the family's units (LUTs, flip-flops, DSP blocks, block RAMs). */
    public record Estimate(long luts, long ffs, long dsps, long brams) {
    }

    private FpgaResourceModel() {
    }

    /**
     * The model's features of a chip: what its logic grows with, read off the per-module counts of
     * the Yosys runs (docs/synthesis.md). A column has a quantization lane (about 1100 LUTs and 7 DSPs
     * when it multiplies, a third of that and no DSP for a power-of-two shift) and a slice of the
     * vector ALU and DMA datapath; a PE is a DSP with a few registers at 8-bit operands and costs
     * about three times that at 16 bits; an output-stationary PE keeps its accumulator in LUTs and
     * flip-flops. The input-stationary RTL synthesized to the same cells as the weight-stationary.
     */
    static double[] features(ChipConfig chip) {
        double r = chip.array().rows();
        double c = chip.array().cols();
        double w = chip.array().operandBits() / 8.0;
        double multiplyingLanes = chip.quant().scheme() == QuantScheme.POWER_OF_TWO ? 0 : c;
        double outputStationary = chip.array().dataflow() == Dataflow.OS ? r * c : 0;
        return new double[] {1, c, multiplyingLanes, r * c, r * c * (w - 1), outputStationary};
    }

    // Least-squares fits to the committed Yosys figures marked "fit" (xc7), one row per resource, one
    // column per feature; the configs marked "holdout" were not used (docs/synthesis.md has both).
    private static final double[] LUTS = {2979.5353, 1687.8177, 467.9481, 10.1686, 5.4377, 60.6804};
    private static final double[] FFS = {2203.3046, 195.3982, 31.2012, 13.9628, 45.6001, 32.4419};
    private static final double[] DSPS = {0.8836, 0.2565, 6.9992, 0.9883, 1.5626, 0.0128};

    /** How many Yosys runs the coefficients were fitted to (rows of the committed CSV marked "fit"). */
    public static final int FITTED_CONFIGS = 7;

    /**
     * The largest relative error of LUTs, flip-flops and DSPs over every committed run, fitted or held
     * out, rounded up (docs/synthesis.md gives it per config).
     */
    public static final double LUT_ERROR = 0.15;
    public static final double FF_ERROR = 0.04;
    public static final double DSP_ERROR = 0.15;

    public static Estimate estimate(ChipConfig chip, FpgaFamily family) {
        double[] f = features(chip);
        long[] buffer = secondWeightBuffer(chip);
        long[] table = lookupTable(chip);
        return new Estimate(apply(LUTS, f) + buffer[0] + table[0], apply(FFS, f) + buffer[1] + table[1],
                apply(DSPS, f), brams(chip, family));
    }

    /**
     * LUTs and flip-flops of the vector ALU's lookup table ({@code array.lookup-table: true}), counted
     * rather than fitted, since no Yosys run of such a config has been made: 2^W entries of W flip-flops,
     * one LUT per entry for its write enable, and per lane and result bit a 2^W:1 multiplexer, about
     * 2^W / 3 six-input LUTs (a LUT6 selects one of four, the F7 and F8 muxes pair them up).
     */
    static long[] lookupTable(ChipConfig chip) {
        if (!chip.array().lookupTable()) {
            return new long[] {0, 0};
        }
        long entries = 1L << chip.array().operandBits();
        long lanes = Math.max(chip.array().rows(), chip.array().cols());
        long bits = chip.array().operandBits();
        return new long[] {entries + lanes * bits * ((entries + 2) / 3), entries * bits};
    }

    /**
     * LUTs and flip-flops of a second weight register per PE ({@code array.weight-buffers: 2}), counted
     * rather than fitted, since no Yosys run of such a config has been made: W flip-flops and a 2:1
     * select (one LUT) per operand bit of every PE, and the buffer bit each streamed element carries
     * (one flip-flop per PE and per skew stage).
     */
    static long[] secondWeightBuffer(ChipConfig chip) {
        if (!chip.computeTiming().overlapsGemms()) {
            return new long[] {0, 0};
        }
        long r = chip.array().rows();
        long c = chip.array().cols();
        long bits = r * c * chip.array().operandBits();
        return new long[] {bits, bits + r * c + r * (r - 1) / 2};
    }

    private static long apply(double[] k, double[] f) {
        double s = 0;
        for (int i = 0; i < f.length; i++) {
            s += k[i] * f[i];
        }
        return Math.max(0, Math.round(s));
    }

    /** Block RAMs of the scratchpad and the accumulator memory, counted as `npu rtl synth` counts them. */
    public static long brams(ChipConfig chip, FpgaFamily family) {
        Geometry g = Geometry.of(chip);
        int copies = BlockRams.copies(MEMORY_READ_PORTS, MEMORY_WRITE_PORTS);
        return copies * (BlockRams.perCopy(family, g.spRows(), Math.toIntExact(g.spRowBytes() * 8), true)
                + BlockRams.perCopy(family, g.accRows(), Math.toIntExact(g.accRowBytes() * 8), true));
    }
}
