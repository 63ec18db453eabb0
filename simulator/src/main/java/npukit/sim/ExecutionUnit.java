package npukit.sim;

import npukit.isa.Instruction;

/**
 * One of the three units behind a queue, as the machine drives it: start an instruction, and end it
 * after its last cycle. When that last cycle falls is each unit's own business (a compute duration, a
 * DMA engine's final response), which the machine asks the concrete unit.
 */
interface ExecutionUnit {

    /** True while an instruction is in progress (from its first through its last cycle). */
    boolean busy();

    /** Starts instruction {@code index} in {@code cycle}; the unit must be idle. */
    void start(long cycle, int index, Instruction ins);

    /** Ends the current instruction after its last cycle: the unit is idle from the next cycle. */
    void finish();
}
