package npukit.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import npukit.arch.config.ChipConfig;
import npukit.compiler.analysis.LayerAnalysis;
import npukit.compiler.codegen.CompiledSegment;
import npukit.compiler.codegen.LayerPlan;
import npukit.compiler.ir.Node;
import npukit.compiler.lower.FusedLayer;
import npukit.compiler.partition.HostStep;
import npukit.compiler.partition.IntegerStep;
import npukit.compiler.lower.IntegerLayer;
import npukit.compiler.partition.NpuStep;
import npukit.compiler.partition.Step;
import npukit.compiler.runtime.CompiledModel;
import npukit.compiler.runtime.LayerRun;
import npukit.compiler.runtime.RunResult;

/** The per-layer report: every NPU layer's plan and counters, and every host node with its reason. */
final class LayerTable {

    private LayerTable() {
    }

    static Table of(CompiledModel model, RunResult run) {
        ChipConfig chip = model.chip();
        Map<String, LayerRun> runs = new HashMap<>();
        if (run != null) {
            run.layers().forEach(l -> runs.put(l.layer(), l));
        }
        Map<String, LayerPlan> plans = new HashMap<>();
        for (CompiledSegment s : model.segments()) {
            s.plans().forEach(p -> plans.put(p.layer(), p));
        }
        Table t = new Table("layer", "where", "op", "m", "k", "n", "macs", "mapping", "predicted_cycles",
                "simulated_cycles", "utilisation", "hbm_read_bytes", "hbm_write_bytes", "bound");
        for (Step step : model.partition().steps()) {
            if (step instanceof NpuStep npu) {
                for (FusedLayer l : npu.layers()) {
                    LayerPlan p = plans.get(l.name());
                    LayerRun r = runs.get(l.name());
                    t.add(l.name(), "npu", String.join("+", l.nodes()), l.m(), l.k(), l.n(), l.macs(),
                            p.tiling(), p.predictedCycles(), r == null ? "" : r.cycles(),
                            r == null ? "" : String.format("%.3f", r.utilisation(chip.array().rows(), chip.array().cols())),
                            r == null ? "" : r.hbmReadBytes(), r == null ? "" : r.hbmWriteBytes(),
                            LayerAnalysis.of(l, chip).npuBound().map(b -> b.bound().text()).orElse(""));
                }
            } else if (step instanceof IntegerStep is) {
                IntegerLayer l = model.integerLayers().get(is.node().name());
                LayerPlan p = plans.get(l.layer().name());
                LayerRun r = runs.get(l.layer().name());
                t.add(is.node().name(), "npu", is.node().op(), l.layer().m(), l.layer().k(), l.layer().n(),
                        l.layer().macs(), p.tiling(), p.predictedCycles(), r == null ? "" : r.cycles(),
                        r == null ? "" : String.format("%.3f", r.utilisation(chip.array().rows(), chip.array().cols())),
                        r == null ? "" : r.hbmReadBytes(), r == null ? "" : r.hbmWriteBytes(), "");
            } else {
                HostStep h = (HostStep) step;
                List<Node> nodes = h.nodes();
                for (int i = 0; i < nodes.size(); i++) {
                    t.add(nodes.get(i).name(), "host", nodes.get(i).op(), "", "", "", "", h.reasons().get(i), "", "",
                            "", "", "", "");
                }
            }
        }
        return t;
    }
}
