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
import npukit.compiler.lower.NpuLayer;
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
                    addNpuRow(t, chip, l.name(), String.join("+", l.nodes()), l.m(), l.k(), l.n(), l.macs(),
                            plans.get(l.name()), runs.get(l.name()),
                            LayerAnalysis.of(l, chip).npuBound().map(b -> b.bound().text()).orElse(""));
                }
            } else if (step instanceof IntegerStep is) {
                NpuLayer l = model.integerLayers().get(is.node().name()).layer();
                addNpuRow(t, chip, is.node().name(), is.node().op(), l.m(), l.k(), l.n(), l.macs(), plans.get(l.name()),
                        runs.get(l.name()), "");
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

    /** One NPU layer's row: its shape, plan and, when it was run, what the simulator measured. */
    private static void addNpuRow(Table t, ChipConfig chip, String name, String op, int m, int k, int n, long macs,
            LayerPlan p, LayerRun r, String bound) {
        t.add(name, "npu", op, m, k, n, macs, p.tiling(), p.predictedCycles(), r == null ? "" : r.cycles(),
                r == null ? "" : String.format("%.3f", r.utilisation(chip.array().rows(), chip.array().cols())),
                r == null ? "" : r.hbmReadBytes(), r == null ? "" : r.hbmWriteBytes(), bound);
    }
}
