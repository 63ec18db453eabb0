package npukit.sim;

import npukit.arch.config.QuantConfig;
import npukit.arch.numerics.QuantUnit;
import npukit.arch.numerics.QuantUnitRegs;
import npukit.isa.Geometry;
import npukit.isa.Instruction;

/**
 * The C quantization lanes (isa.md, "QUANT"): lane j is a {@link QuantUnit} whose stochastic source is
 * seeded with stochastic-seed + j and advances across QUANT instructions, as each RTL lane's does.
 */
final class QuantLanes {

    private final Geometry g;
    private final QuantUnit[] lanes;

    QuantLanes(Geometry geometry, QuantConfig quant) {
        this.g = geometry;
        this.lanes = new QuantUnit[geometry.cols()];
        for (int j = 0; j < lanes.length; j++) {
            QuantConfig lane = new QuantConfig(quant.scheme(), quant.rounding(), quant.requant(), quant.granularity(),
                    quant.symmetric(), quant.weightBits(), quant.activationBits(), quant.multiplierBits(),
                    quant.logStepsPerOctave(), quant.stochasticSeed() + j);
            lanes[j] = new QuantUnit(lane, geometry.accumulatorBits());
        }
    }

    /** Acc rows src.. through the lanes into sp rows dst..; elements C..D-1 of each written row are 0. */
    void execute(int index, Instruction.Quant ins, Sram sram) {
        RowMemory acc = sram.acc();
        RowMemory sp = sram.sp();
        QuantUnitRegs[] regs = new QuantUnitRegs[lanes.length];
        for (int j = 0; j < lanes.length; j++) {
            regs[j] = registers(index, ins, acc, j);
        }
        for (long i = 0; i < ins.rows(); i++) {
            for (int j = 0; j < lanes.length; j++) {
                sp.setElement(ins.dst() + i, j, lanes[j].apply(acc.element(ins.src() + i, j), regs[j]));
            }
            for (int e = lanes.length; e < g.d(); e++) {
                sp.setElement(ins.dst() + i, e, 0);
            }
        }
    }

    private QuantUnitRegs registers(int index, Instruction.Quant ins, RowMemory acc, int j) {
        long bias = acc.word(ins.params(), j);
        long multiplier = acc.word(ins.params() + 1, j);
        long shift = acc.word(ins.params() + 2, j);
        long zeroPoint = acc.word(ins.params() + 3, j);
        try {
            QuantUnitRegs regs = new QuantUnitRegs((int) bias, (int) multiplier, (int) shift, (int) zeroPoint,
                    ins.relu());
            lanes[j].check(regs);
            return regs;
        } catch (IllegalArgumentException e) {
            throw new SimulationException(index, "QUANT lane " + j + " registers (bias " + bias + ", multiplier "
                    + multiplier + ", shift " + shift + ", zero point " + zeroPoint + " from acc rows "
                    + ins.params() + ".." + (ins.params() + 3) + "): " + e.getMessage(), e);
        }
    }
}
