package npukit.testbench.npu;

import java.util.Map;
import npukit.sim.hbm.HbmModel;

/**
 * What one run of the NPU's RTL produced.
 *
 * @param counters   every performance counter, by its spec name (microarchitecture.md), in port order
 * @param lastCycles per instruction index, the cycle its retire port reported it (its last cycle); -1
 *                   for FINISH, which no unit executes
 * @param hbm        the HBM after the run
 */
public record NpuRun(Map<String, Long> counters, long[] lastCycles, HbmModel hbm) {

    public long counter(String name) {
        Long v = counters.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no counter '" + name + "'; counters: " + counters.keySet());
        }
        return v;
    }

    public long cycles() {
        return counter("cycles");
    }
}
