package npukit.sim;

import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.EnergyConfig;
import npukit.arch.config.PeType;
import npukit.arch.energy.EnergyBreakdown;
import npukit.isa.Geometry;

/**
 * A chip's energies per counted action (docs/energy.md), and the energy of an {@link Activity}. The
 * per-action figures follow from the chip's {@link EnergyConfig} and its sizes: operand and accumulator
 * widths, the dataflow, the SRAM row widths and bank sizes.
 */
public final class EnergyModel {

    private final double macPj;
    private final double registerPjPerMac;
    private final double hopPjPerMac;
    private final double spRowPj;
    private final double accRowPj;
    private final double hbmPjPerByte;
    private final double instructionPj;
    private final double staticMw;
    private final double periodNs;

    public EnergyModel(ChipConfig chip) {
        EnergyConfig e = chip.energy();
        Geometry g = Geometry.of(chip);
        double operandBytes = g.operandBits() / 8.0;
        double accumulatorBytes = g.accumulatorBits() / 8.0;
        double accumulate = e.add32BitPj() * g.accumulatorBits() / 32.0;
        // A log PE shifts instead of multiplying: its product costs about an add of the accumulator's width.
        double product = chip.array().pe() == PeType.LOG ? accumulate
                : e.multiply8BitPj() * Math.pow(g.operandBits() / 8.0, 2);
        this.macPj = product + accumulate;
        // Per MAC, both operands are read from PE registers. WS and IS: one operand streams one PE on and
        // the partial sum moves one PE down, written into its register; OS: both operands stream and the
        // partial sum stays, read and written in place.
        double registerBytes;
        double hopBytes;
        switch (g.dataflow()) {
            case WS, IS -> {
                registerBytes = 2 * operandBytes + accumulatorBytes;
                hopBytes = operandBytes + accumulatorBytes;
            }
            case OS -> {
                registerBytes = 2 * operandBytes + 2 * accumulatorBytes;
                hopBytes = 2 * operandBytes;
            }
            default -> throw new IllegalStateException("dataflow " + g.dataflow());
        }
        this.registerPjPerMac = registerBytes * e.registerPjPerByte();
        this.hopPjPerMac = hopBytes * e.hopPjPerByte();
        int banks = chip.sram().banks();
        this.spRowPj = g.spRowBytes() * sramPjPerByte(e, (double) chip.sram().scratchpadKiB() / banks);
        this.accRowPj = g.accRowBytes() * sramPjPerByte(e, (double) chip.sram().accumulatorKiB() / banks);
        this.hbmPjPerByte = e.hbmPjPerByte();
        this.instructionPj = e.instructionPj();
        this.staticMw = e.staticMw();
        this.periodNs = chip.clock().periodNs();
    }

    /** Per byte of a bank of {@code bankKiB}, scaled from the reference bank size. */
    static double sramPjPerByte(EnergyConfig e, double bankKiB) {
        return e.sramPjPerByte() * Math.pow(bankKiB / e.sramReferenceKiB(), e.sramSizeExponent());
    }

    /** The energy of {@code a} spread over {@code cycles} (static power is drawn over all of them). */
    public EnergyBreakdown of(Activity a, long cycles) {
        if (cycles < 0) {
            throw new IllegalArgumentException("cycles must be 0 or more, got " + cycles);
        }
        return new EnergyBreakdown(
                a.macs() * macPj,
                a.macs() * registerPjPerMac,
                a.macs() * hopPjPerMac,
                (a.spReads() + a.spWrites()) * spRowPj,
                (a.accReads() + a.accWrites()) * accRowPj,
                (a.hbmReadBytes() + a.hbmWriteBytes() + a.fetchBytes()) * hbmPjPerByte,
                a.instructions() * instructionPj,
                staticMw * cycles * periodNs);
    }

    /** A whole run's energy, from its counters. */
    public EnergyBreakdown of(Counters c) {
        return of(Activity.of(c), c.cycles());
    }

    /** What programs run one after another spent: their activity together over their cycles together. */
    public EnergyBreakdown of(List<Counters> programs) {
        Activity all = programs.stream().map(Activity::of).reduce(Activity.NONE, Activity::plus);
        return of(all, programs.stream().mapToLong(Counters::cycles).sum());
    }

    public double macPj() {
        return macPj;
    }

    public double registerPjPerMac() {
        return registerPjPerMac;
    }

    public double hopPjPerMac() {
        return hopPjPerMac;
    }

    public double spRowPj() {
        return spRowPj;
    }

    public double accRowPj() {
        return accRowPj;
    }
}
