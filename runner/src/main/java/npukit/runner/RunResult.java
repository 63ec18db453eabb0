package npukit.runner;

import java.util.List;
import java.util.Map;
import npukit.arch.config.ChipConfig;
import npukit.arch.energy.EnergyBreakdown;
import npukit.compiler.ir.Tensor;
import npukit.sim.Activity;
import npukit.sim.Counters;
import npukit.sim.EnergyModel;

/**
 * One inference: the graph's outputs as real values, and what each NPU program did.
 *
 * @param outputs  graph output name to its real values
 * @param programs the simulator's counters of each NPU program, in step order
 * @param layers   per fused layer, in execution order
 */
public record RunResult(Map<String, Tensor> outputs, List<Counters> programs, List<LayerRun> layers) {

    public RunResult {
        outputs = Map.copyOf(outputs);
        programs = List.copyOf(programs);
        layers = List.copyOf(layers);
    }

    public long totalCycles() {
        return programs.stream().mapToLong(Counters::cycles).sum();
    }

    public long totalMacs() {
        return programs.stream().mapToLong(Counters::macs).sum();
    }

    public long hbmReadBytes() {
        return programs.stream().mapToLong(Counters::hbmReadBytes).sum();
    }

    /** Every program's activity together. */
    public Activity activity() {
        return programs.stream().map(Activity::of).reduce(Activity.NONE, Activity::plus);
    }

    /** The inference's energy on {@code chip}, from every program's counters. */
    public EnergyBreakdown energy(ChipConfig chip) {
        return new EnergyModel(chip).of(programs);
    }

    public long hbmWriteBytes() {
        return programs.stream().mapToLong(Counters::hbmWriteBytes).sum();
    }
}
