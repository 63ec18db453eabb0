package npukit.sim;

import java.util.List;
import npukit.sim.hbm.HbmModel;

/**
 * What a run produced: the counters, every unit instruction's start and last cycle in program order,
 * the HBM as the program left it, and (functional mode) the final scratchpad and accumulator bytes.
 *
 * @param scratchpad  the sp memory row after row; empty in timing-only mode
 * @param accumulator the acc memory row after row; empty in timing-only mode
 */
public record SimulationResult(Counters counters, List<InstructionTiming> timings, HbmModel hbm, byte[] scratchpad,
        byte[] accumulator) {

    public SimulationResult {
        timings = List.copyOf(timings);
        scratchpad = scratchpad.clone();
        accumulator = accumulator.clone();
    }

    @Override
    public byte[] scratchpad() {
        return scratchpad.clone();
    }

    @Override
    public byte[] accumulator() {
        return accumulator.clone();
    }
}
