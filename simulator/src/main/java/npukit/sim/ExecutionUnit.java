package npukit.sim;

import npukit.isa.Instruction;

/**
 * One of the three units behind a queue, as the machine drives it each cycle it visits: start an
 * instruction, do the cycle's work, and say when it can next change anything by itself, so the
 * machine can skip the cycles in between.
 */
interface ExecutionUnit {

    /** True while an instruction is in progress (from its first through its last cycle). */
    boolean busy();

    /** Starts instruction {@code index} in {@code cycle}; the unit must be idle. */
    void start(long cycle, int index, Instruction ins);

    /** The unit's work in {@code cycle}; true if it changed anything (including reaching a last cycle). */
    boolean act(long cycle);

    /** True if {@code cycle}, just acted, was the current instruction's last cycle. */
    boolean finishing();

    /** Ends the cycle: a finishing unit becomes idle. */
    void endCycle();

    /** The first cycle after {@code cycle} in which {@link #act} can change anything; MAX_VALUE if none. */
    long nextEvent(long cycle);
}
