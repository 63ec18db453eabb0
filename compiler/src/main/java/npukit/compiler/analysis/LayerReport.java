package npukit.compiler.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One row of a run's report: a layer's static analysis and, once a runner has run it, its measurements.
 *
 * @param analysis the static figures
 * @param measured the runner's figures; only array layers can have them
 */
public record LayerReport(LayerAnalysis analysis, Optional<LayerMeasurement> measured) {

    public LayerReport {
        if (analysis == null || measured == null) {
            throw new IllegalArgumentException("a layer report needs an analysis and an Optional measurement");
        }
        if (measured.isPresent() && analysis.kind() == LayerKind.HOST) {
            throw new IllegalArgumentException("host layer " + analysis.name() + " does not run on the array, so it has no"
                    + " array measurement");
        }
    }

    /**
     * One report per layer, in the model's order, each with its measurement if {@code measurements}
     * has one under its name. A measurement for a name the model lacks is an error, so a renamed layer
     * cannot silently lose its figures.
     */
    public static List<LayerReport> merge(ModelAnalysis model, Map<String, LayerMeasurement> measurements) {
        Map<String, LayerMeasurement> left = new HashMap<>(measurements);
        List<LayerReport> out = new ArrayList<>();
        for (LayerAnalysis l : model.layers()) {
            out.add(new LayerReport(l, Optional.ofNullable(left.remove(l.name()))));
        }
        if (!left.isEmpty()) {
            throw new IllegalArgumentException("measurements for layers model " + model.model() + " does not have: "
                    + left.keySet().stream().sorted().toList());
        }
        return out;
    }

    /** MACs per simulated cycle. */
    public OptionalDouble attainedMacsPerCycle() {
        return measured.map(m -> OptionalDouble.of((double) analysis.macs() / m.simulatedCycles())).orElse(OptionalDouble.empty());
    }

    /** MACs / (simulated cycles x rows x cols): the share of PE-cycles doing useful work. */
    public OptionalDouble utilisation() {
        return measured.map(m -> OptionalDouble.of((double) analysis.macs()
                / ((double) m.simulatedCycles() * analysis.roofline().peakMacsPerCycle()))).orElse(OptionalDouble.empty());
    }
}
