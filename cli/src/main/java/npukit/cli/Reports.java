package npukit.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import npukit.compiler.analysis.LayerMeasurement;
import npukit.compiler.analysis.LayerReport;
import npukit.compiler.analysis.ModelAnalysis;
import npukit.compiler.runtime.CompiledModel;
import npukit.compiler.runtime.LayerRun;
import npukit.compiler.runtime.RunResult;

/**
 * The per-layer analysis (sizes, MACs, roofline) of a compiled model merged with what one simulated
 * run measured: the rows of the CSV files and the points of the roofline plot.
 */
final class Reports {

    private Reports() {
    }

    static List<LayerReport> of(CompiledModel model, RunResult run) {
        ModelAnalysis analysis = ModelAnalysis.of(model.graph(), model.partition().layers(), model.chip());
        Map<String, LayerMeasurement> measured = new HashMap<>();
        for (LayerRun r : run.layers()) {
            if (model.layers().containsKey(r.layer())) {
                measured.put(r.layer(), new LayerMeasurement(r.predictedCycles(), r.cycles(), r.hbmReadBytes(),
                        r.hbmWriteBytes()));
            }
        }
        return LayerReport.merge(analysis, measured);
    }
}
