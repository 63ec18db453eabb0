package npukit.sim.fpga;

import npukit.arch.config.ChipConfig;
import npukit.isa.Geometry;

/**
 * A fast analytic estimate of a chip's FPGA resources, for sweeps that cannot wait for Yosys.
 *
 * <p>Logic (LUTs, flip-flops, DSPs) is a linear function of the array's shape and widths whose
 * coefficients were fitted by least squares to Yosys runs of `npu rtl synth` (the configs and figures
 * are in {@code testbench/src/test/resources/synth/yosys-xc7.csv}; docs/synthesis.md states the
 * error). Block RAMs are not fitted: they are the same dimension-based count `npu rtl synth` makes
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

    /** The model's features of an array: what the logic grows with. */
    static double[] features(ChipConfig chip) {
        double r = chip.array().rows();
        double c = chip.array().cols();
        double w = chip.array().operandBits() / 8.0;
        double a = chip.array().accumulatorBits() / 32.0;
        // A PE's multiplier and registers grow with both widths, a column's quantization lane and
        // accumulator port with the accumulator width; the fit has only 8/32-bit points (see the docs),
        // so the width scaling is assumed, not fitted.
        return new double[] {1, r * c * w * a, c * a};
    }

    // Least-squares fits to the committed Yosys figures (xc7), one row per resource, one column per feature.
    // Three configs (1x1, 2x2, 4x4 ws, 8/32-bit) for three coefficients: an exact fit, so the stated
    // error is the coefficients' rounding, not a measured prediction error (docs/synthesis.md).
    private static final double[] LUTS = {2827.0, 92.0, 1987.0};
    private static final double[] FFS = {2203.3333, 21.6667, 149.0};
    private static final double[] DSPS = {-0.6667, 0.6667, 9.0};

    /** How many Yosys runs the coefficients were fitted to (the rows of the committed CSV). */
    public static final int FITTED_CONFIGS = 3;

    /** The largest relative error of LUTs, flip-flops and DSPs against those runs (docs/synthesis.md). */
    public static final double STATED_ERROR = 0.01;

    public static Estimate estimate(ChipConfig chip, FpgaFamily family) {
        double[] f = features(chip);
        return new Estimate(apply(LUTS, f), apply(FFS, f), apply(DSPS, f), brams(chip, family));
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
