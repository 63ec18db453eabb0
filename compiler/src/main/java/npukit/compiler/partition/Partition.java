package npukit.compiler.partition;

import java.util.List;
import java.util.stream.Collectors;
import npukit.compiler.ir.Graph;
import npukit.compiler.lower.FusedLayer;

/** A graph cut into steps that run in order, NPU programs and host work. */
public record Partition(Graph graph, List<Step> steps) {

    public Partition {
        if (graph == null || steps == null) {
            throw new IllegalArgumentException("a partition needs its graph and steps");
        }
        steps = List.copyOf(steps);
    }

    /** Every fused layer, in execution order. */
    public List<FusedLayer> layers() {
        return steps.stream().filter(s -> s instanceof NpuStep).flatMap(s -> ((NpuStep) s).layers().stream()).toList();
    }

    /** Canonical text: the graph's name, then one line per fused layer or host node. */
    public String text() {
        return "partition " + graph.name() + "\n" + steps.stream().map(Step::text).collect(Collectors.joining("\n"))
                + "\n";
    }
}
