package npukit.arch.config;

/**
 * What each counted action costs, in picojoules (docs/energy.md). Energies do not change timing or
 * results; they turn the simulator's exact activity counts into energy. The defaults are
 * {@link #horowitz45nm()}; a chip file may override any field in its {@code energy:} section.
 *
 * @param multiply8BitPj    one 8 x 8-bit integer multiply; a b-bit operand multiply costs (b/8)^2 times
 *                          as much (array multipliers grow with the square of the width)
 * @param add32BitPj        one 32-bit integer add; an a-bit accumulation costs a/32 times as much
 * @param registerPjPerByte a byte read from or written to a PE's operand or partial-sum register
 * @param hopPjPerByte      a byte moved from one PE to its neighbour
 * @param sramPjPerByte     a byte of an SRAM row access in a bank of {@code sramReferenceKiB}
 * @param sramReferenceKiB  the bank size at which {@code sramPjPerByte} holds
 * @param sramSizeExponent  a bank of s KiB costs (s / reference)^exponent as much per byte; 0.5 fits
 *                          Horowitz's 8 KiB, 32 KiB and 1 MiB figures, 0 makes every bank cost the same
 * @param hbmPjPerByte      a byte read from or written to off-chip memory (instruction fetches included)
 * @param instructionPj     fetching and dispatching one instruction, besides its off-chip bytes
 * @param staticMw          leakage and clock power drawn whether or not anything is active, mW
 */
public record EnergyConfig(double multiply8BitPj, double add32BitPj, double registerPjPerByte, double hopPjPerByte,
                           double sramPjPerByte, double sramReferenceKiB, double sramSizeExponent, double hbmPjPerByte,
                           double instructionPj, double staticMw) {

    /** Upper bound of every energy field: far above any real circuit, low enough to catch a unit slip. */
    public static final double MAX_PJ = 1e6;

    public EnergyConfig {
        requireEnergy("multiply-8bit-pj", multiply8BitPj);
        requireEnergy("add-32bit-pj", add32BitPj);
        requireEnergy("register-pj-per-byte", registerPjPerByte);
        requireEnergy("hop-pj-per-byte", hopPjPerByte);
        requireEnergy("sram-pj-per-byte", sramPjPerByte);
        if (!Double.isFinite(sramReferenceKiB) || sramReferenceKiB <= 0 || sramReferenceKiB > 1 << 20) {
            throw new ConfigException("sram-reference-kib", sramReferenceKiB, "must be above 0 and at most 1048576");
        }
        if (!Double.isFinite(sramSizeExponent) || sramSizeExponent < 0 || sramSizeExponent > 1) {
            throw new ConfigException("sram-size-exponent", sramSizeExponent, "must be between 0 and 1");
        }
        requireEnergy("hbm-pj-per-byte", hbmPjPerByte);
        requireEnergy("instruction-pj", instructionPj);
        if (!Double.isFinite(staticMw) || staticMw < 0 || staticMw > 1e6) {
            throw new ConfigException("static-mw", staticMw, "must be between 0 and 1000000 mW");
        }
    }

    private static void requireEnergy(String field, double pj) {
        if (!Double.isFinite(pj) || pj < 0 || pj > MAX_PJ) {
            throw new ConfigException(field, pj, "must be an energy in pJ between 0 and " + (long) MAX_PJ);
        }
    }

    /**
     * Horowitz, "Computing's energy problem", ISSCC 2014, 45 nm at 0.9 V: 8-bit multiply 0.2 pJ, 32-bit
     * add 0.1 pJ, 64-bit SRAM read 10 pJ at 8 KiB (1.25 pJ/B, growing with the square root of the size:
     * 20 pJ at 32 KiB, 100 pJ at 1 MiB), DRAM 1.3 to 2.6 nJ per 64 bits (the low end: 162.5 pJ/B).
     * Horowitz gives no PE register or wire figure: those take Eyeriss's ratios to a MAC (register 1x,
     * neighbour 2x per 16-bit word) applied to the 0.3 pJ 8-bit MAC. An instruction is taken as one
     * 16-byte read of an 8 KiB buffer (20 pJ). Static power is not modelled by default (0).
     */
    public static EnergyConfig horowitz45nm() {
        return new EnergyConfig(0.2, 0.1, 0.15, 0.3, 1.25, 8, 0.5, 162.5, 20, 0);
    }

    /**
     * Eyeriss's normalized costs (Chen, Emer and Sze, ISCA 2016) with one 16-bit MAC as the
     * unit, here 1 pJ: register file 1x, PE to PE 2x, global buffer 6x, DRAM 200x per 16-bit word.
     * The buffer figure is one flat cost, so SRAM energy does not scale with bank size.
     */
    public static EnergyConfig eyerissNormalized() {
        return new EnergyConfig(0.225, 0.1, 0.5, 1.0, 3.0, 8, 0, 100, 20, 0);
    }
}
