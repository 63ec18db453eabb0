package npukit.sim;

import npukit.arch.config.ChipConfig;
import npukit.arch.config.ComputeTiming;
import npukit.arch.config.ControlConfig;
import npukit.isa.Geometry;
import npukit.isa.Instruction;
import npukit.isa.Program;

/**
 * What one instruction adds to the activity counters, from its fields alone: the same rules the
 * simulator counts by (microarchitecture.md, row access table; one sram access per DMA request, a
 * request per burst-aligned piece of a row). Summed over a program it equals {@link Activity#of(Counters)}
 * of the program's run, so a layer's share of a run's energy is exact, not apportioned.
 */
public final class InstructionActivity {

    private final GemmDataflow dataflow;
    private final ComputeTiming timing;
    private final int burstBytes;

    public InstructionActivity(ChipConfig chip) {
        Geometry geometry = Geometry.of(chip);
        this.dataflow = GemmDataflow.of(geometry);
        this.timing = geometry.computeTiming();
        this.burstBytes = chip.hbm().burstBytes();
    }

    public Activity of(Instruction ins) {
        long fetch = ControlConfig.INSTRUCTION_BYTES;
        if (ins instanceof Instruction.Load l) {
            long responses = DmaTransfer.of(l).requestCount(burstBytes);
            return switch (l.mem()) {
                case SP -> new Activity(0, 0, responses, 0, 0, l.rows() * l.bytes(), 0, fetch);
                case ACC -> new Activity(0, 0, 0, 0, responses, l.rows() * l.bytes(), 0, fetch);
            };
        }
        if (ins instanceof Instruction.Store s) {
            long requests = DmaTransfer.of(s).requestCount(burstBytes);
            return switch (s.mem()) {
                case SP -> new Activity(0, requests, 0, 0, 0, 0, s.rows() * s.bytes(), fetch);
                case ACC -> new Activity(0, 0, 0, requests, 0, 0, s.rows() * s.bytes(), fetch);
            };
        }
        if (ins instanceof Instruction.Finish) {
            return new Activity(0, 0, 0, 0, 0, 0, 0, fetch);
        }
        ComputeCost c = ComputeCost.of(ins, dataflow, timing);
        return new Activity(c.macs(), c.spReads(), c.spWrites(), c.accReads(), c.accWrites(), 0, 0, fetch);
    }

    /** The instructions {@code from} (inclusive) to {@code to} (exclusive) of a program together. */
    public Activity of(Program program, int from, int to) {
        Activity sum = Activity.NONE;
        for (int i = from; i < to; i++) {
            sum = sum.plus(of(program.instructions().get(i)));
        }
        return sum;
    }
}
