package npukit.runner.sweep;

import npukit.arch.config.ChipConfig;
import npukit.compiler.codegen.PlanCache;
import npukit.compiler.ir.Graph;
import npukit.runner.TimingRuns;

/**
 * A SCALE-Sim topology (layer shapes only) timed at each point on the performance path
 * ({@link TimingRuns}): compiled from its shapes and simulated timing-only, without data. Points share
 * {@code plans}, so a layer shape seen on the same chip before is not searched again.
 *
 * @param name  the workload's name
 * @param graph the topology's shape-only graph, loaded once for every point
 * @param batch the inferences each of its inputs holds (1 or more), run together (stacked into one GEMM per layer)
 * @param plans the tiling plans shared by every point and thread of the sweep
 */
public record TopologyWorkload(String name, Graph graph, int batch, PlanCache plans) implements Workload {

    public TopologyWorkload {
        if (name == null || graph == null || plans == null || batch < 1) {
            throw new IllegalArgumentException("a topology workload needs a name, a graph and a plan cache");
        }
    }

    @Override
    public PointOutcome evaluate(ChipConfig chip) {
        TimingRuns.TimingRun r = TimingRuns.run(graph, batch, chip, plans);
        return new PointOutcome(r.metrics(), r.layers());
    }
}
