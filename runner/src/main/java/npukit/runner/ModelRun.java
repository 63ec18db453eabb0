package npukit.runner;

import java.util.List;
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
 */
public record ModelRun(CompiledModel compiled, RunResult first, List<LayerRecord> layers, EvaluationRecord evaluation) {

    public ModelRun {
        layers = List.copyOf(layers);
    }
}
