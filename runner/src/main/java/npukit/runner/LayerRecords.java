package npukit.runner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import npukit.arch.config.ChipConfig;
import npukit.compiler.analysis.LayerAnalysis;
import npukit.compiler.analysis.LayerKind;
import npukit.compiler.analysis.ModelAnalysis;
import npukit.compiler.codegen.CompiledSegment;
import npukit.compiler.codegen.LayerPlan;
import npukit.compiler.ir.Graph;
import npukit.compiler.lower.FusedLayer;
import npukit.compiler.lower.IntegerLayer;
import npukit.compiler.partition.HostStep;
import npukit.compiler.partition.IntegerStep;
import npukit.compiler.partition.NpuStep;
import npukit.compiler.partition.Partition;
import npukit.compiler.partition.Step;
import npukit.compiler.runtime.CompiledModel;
import npukit.compiler.runtime.ShapeCompiledModel;
import npukit.results.LayerRecord;

/**
 * A compiled model's layers as results records: the compiler's static analysis (in graph order), each
 * NPU layer's plan and what one run measured, each host node's reason.
 */
public final class LayerRecords {

    private LayerRecords() {
    }

    /** Every layer of {@code model}, with the measurements of {@code run} (one inference of it). */
    public static List<LayerRecord> of(CompiledModel model, RunResult run) {
        return of(model.chip(), model.graph(), model.partition(), model.integerLayers(), model.segments(), run.layers());
    }

    /** Every layer of a model compiled from shapes, with the measurements of its timing-only run. */
    public static List<LayerRecord> of(ShapeCompiledModel model, List<LayerRun> run) {
        return of(model.chip(), model.graph(), model.partition(), model.integerLayers(), model.segments(), run);
    }

    private static List<LayerRecord> of(ChipConfig chip, Graph graph, Partition partition,
            Map<String, IntegerLayer> integerLayers, List<CompiledSegment> segments, List<LayerRun> run) {
        ModelAnalysis analysis = ModelAnalysis.of(graph, partition.layers(), chip);
        Map<String, LayerRun> runs = new LinkedHashMap<>();
        run.forEach(l -> runs.put(l.layer(), l));
        Map<String, LayerPlan> plans = new HashMap<>();
        for (CompiledSegment s : segments) {
            s.plans().forEach(p -> plans.put(p.layer(), p));
        }
        Map<String, String> fusedNodes = new HashMap<>();
        Map<String, String> integerLayer = new HashMap<>();
        Map<String, String> hostReason = new HashMap<>();
        for (Step step : partition.steps()) {
            if (step instanceof NpuStep npu) {
                for (FusedLayer l : npu.layers()) {
                    fusedNodes.put(l.name(), String.join("+", l.nodes()));
                }
            } else if (step instanceof IntegerStep is) {
                integerLayer.put(is.node().name(), integerLayers.get(is.node().name()).layer().name());
            } else {
                HostStep h = (HostStep) step;
                for (int i = 0; i < h.nodes().size(); i++) {
                    hostReason.put(h.nodes().get(i).name(), h.reasons().get(i));
                }
            }
        }
        Set<String> used = new HashSet<>();
        List<LayerRecord> out = new ArrayList<>();
        for (LayerAnalysis a : analysis.layers()) {
            String npuName = a.kind() != LayerKind.HOST ? a.name() : integerLayer.get(a.name());
            if (npuName == null) {
                out.add(record(a, LayerRecord.Placement.HOST, a.name(), Optional.empty(),
                        Optional.of(hostReason.getOrDefault(a.name(), "")), Optional.empty()));
                continue;
            }
            LayerPlan plan = plans.get(npuName);
            if (plan == null) {
                throw new IllegalStateException("NPU layer " + npuName + " has no plan in the compiled model");
            }
            Optional<LayerRecord.Measurement> measured = Optional.ofNullable(runs.get(npuName)).map(r ->
                    new LayerRecord.Measurement(r.cycles(), r.macs(), r.hbmReadBytes(), r.hbmWriteBytes(),
                            Optional.of(r.energy())));
            used.add(npuName);
            out.add(record(a, LayerRecord.Placement.NPU, fusedNodes.getOrDefault(a.name(), a.name()),
                    Optional.of(new LayerRecord.Mapping(plan.describe(), plan.predictedCycles())), Optional.empty(),
                    measured));
        }
        runs.keySet().removeAll(used);
        if (!runs.isEmpty()) {
            throw new IllegalArgumentException("measurements for layers model " + analysis.model() + " does not have: "
                    + runs.keySet().stream().sorted().toList());
        }
        return out;
    }

    private static LayerRecord record(LayerAnalysis a, LayerRecord.Placement placement, String nodes,
            Optional<LayerRecord.Mapping> mapping, Optional<String> hostReason, Optional<LayerRecord.Measurement> measured) {
        Optional<LayerRecord.Shape> shape = a.shape().map(s -> new LayerRecord.Shape(s.m(), s.k(), s.n()));
        return new LayerRecord(a.name(), placement, a.op(), a.kind().text(), nodes, shape, a.parameters(), a.macs(),
                a.elementBytes(), a.inputBytes(), a.outputBytes(), a.weightBytes(), a.biasBytes(), a.roofline(), a.npuBound(),
                mapping, hostReason, measured);
    }
}
