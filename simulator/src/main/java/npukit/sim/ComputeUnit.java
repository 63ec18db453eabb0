package npukit.sim;

import npukit.arch.config.ComputeTiming;
import npukit.arch.config.QuantConfig;
import npukit.isa.Geometry;
import npukit.isa.Instruction;

/**
 * The compute unit: GEMM, QUANT and VALU with data-independent durations (microarchitecture.md,
 * "Compute unit"). An instruction's data effect is applied whole when it starts: tokens order every
 * other unit's access to its rows before its first cycle or after its last, so no other unit can
 * observe the rows in between.
 */
final class ComputeUnit implements ExecutionUnit {

    private final ComputeTiming timing;
    private final GemmDataflow dataflow;
    private final Sram sram;
    private final QuantLanes lanes;
    private final VectorAlu alu;

    private long last = -1;
    private boolean running;
    private boolean gemm;

    private long spReads;
    private long spWrites;
    private long accReads;
    private long accWrites;
    private long macs;

    /** {@code sram} is null in timing-only mode, which skips all data work. */
    ComputeUnit(Geometry geometry, QuantConfig quant, Sram sram) {
        this.timing = geometry.computeTiming();
        this.dataflow = GemmDataflow.of(geometry);
        this.sram = sram;
        this.lanes = sram == null ? null : new QuantLanes(geometry, quant);
        this.alu = new VectorAlu(geometry);
    }

    @Override
    public boolean busy() {
        return running;
    }

    /** True while a GEMM is in progress: the array is busy. */
    boolean gemmInProgress() {
        return running && gemm;
    }

    @Override
    public void start(long cycle, int index, Instruction ins) {
        if (sram != null) {
            if (ins instanceof Instruction.Gemm g) {
                dataflow.execute(g, sram);
            } else if (ins instanceof Instruction.Quant q) {
                lanes.execute(index, q, sram);
            } else if (ins instanceof Instruction.Valu v) {
                alu.execute(v, sram);
            }
        }
        ComputeCost cost = ComputeCost.of(ins, dataflow, timing);
        spReads += cost.spReads();
        spWrites += cost.spWrites();
        accReads += cost.accReads();
        accWrites += cost.accWrites();
        macs += cost.macs();
        running = true;
        gemm = ins instanceof Instruction.Gemm;
        last = cycle + cost.duration() - 1;
    }

    /** The current instruction's last cycle; meaningful while {@link #busy()}. */
    long lastCycle() {
        return last;
    }

    @Override
    public void finish() {
        running = false;
    }

    long spReads() {
        return spReads;
    }

    long spWrites() {
        return spWrites;
    }

    long accReads() {
        return accReads;
    }

    long accWrites() {
        return accWrites;
    }

    long macs() {
        return macs;
    }
}
