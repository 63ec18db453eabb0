package npukit.runner;

import java.util.List;
import java.util.Optional;
import npukit.compiler.partition.MacCount;
import npukit.compiler.runtime.CompiledModel;
import npukit.results.EvaluationRecord;
import npukit.results.LayerRecord;

/**
 * A model compiled for one chip and run over samples on the simulator.
 *
 * @param compiled   what the compiler made of it
 * @param first      the first sample's run: outputs, counters, per-layer spans
 * @param layers     every layer with the first sample's measurements
 * @param evaluation accuracy, agreement with float and cost over every sample
 * @param quality    the model's own quality metric over every sample, when it has one
 * @param macs       MACs of one inference on the NPU and on the host
 */
public record ModelRun(CompiledModel compiled, RunResult first, List<LayerRecord> layers, EvaluationRecord evaluation,
                       Optional<QualityMetric.Score> quality, MacCount macs) {

    public ModelRun {
        layers = List.copyOf(layers);
        if (quality == null || macs == null) {
            throw new IllegalArgumentException("a model run needs its (optional) quality and its MAC count");
        }
    }
}
