package npukit.runner.sweep;

import java.util.List;
import npukit.results.LayerRecord;
import npukit.results.WorkloadMetrics;

/**
 * What a workload did on one point's chip.
 *
 * @param metrics its cost per inference (or for the whole program suite)
 * @param layers  per-layer records of a model's first sample (none for a program suite)
 */
public record PointOutcome(WorkloadMetrics metrics, List<LayerRecord> layers) {

    public PointOutcome {
        layers = List.copyOf(layers);
    }
}
