package npukit.sim;

import java.util.List;
import java.util.Objects;
import npukit.sim.hbm.HbmModel;

/**
 * What a run produced: the counters, every unit instruction's start and last cycle in program order,
 * the HBM as the program left it (functional mode; timing-only, no bytes move and the HBM holds none, not
 * even the program's image), and (functional mode) the final scratchpad and accumulator memory.
 * The memories are kept as {@link MemoryImage}s of the pages the program wrote, so a result costs what
 * the program touched, not what the chip declares.
 *
 * @param sp  the scratchpad; empty in timing-only mode
 * @param acc the accumulator memory; empty in timing-only mode
 */
public record SimulationResult(Counters counters, List<InstructionTiming> timings, HbmModel hbm, MemoryImage sp,
        MemoryImage acc) {

    public SimulationResult {
        timings = List.copyOf(timings);
        Objects.requireNonNull(sp, "sp image is required");
        Objects.requireNonNull(acc, "acc image is required");
    }

    /** The whole scratchpad row after row (empty in timing-only mode); allocates its size, for small chips. */
    public byte[] scratchpad() {
        return sp.toArray();
    }

    /** The whole accumulator memory row after row (empty in timing-only mode); for small chips. */
    public byte[] accumulator() {
        return acc.toArray();
    }
}
