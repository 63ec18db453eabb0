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
import npukit.compiler.partition.DynamicStep;
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
        Map<String, LayerRecord.Measurement> runs = new LinkedHashMap<>();
        run.forEach(l -> runs.merge(layerOf(l.layer()), new LayerRecord.Measurement(l.cycles(), l.macs(), l.hbmReadBytes(),
                l.hbmWriteBytes(), Optional.of(l.energy())), LayerRecords::plus));
        Map<String, LayerRecord.Mapping> plans = new HashMap<>();
        Map<String, Integer> bundles = new HashMap<>();
        for (CompiledSegment s : segments) {
            for (LayerPlan p : s.plans()) {
                String name = layerOf(p.layer());
                bundles.merge(name, 1, Integer::sum);
                int count = bundles.get(name);
                // A grouped convolution's bundles: their cycles add up, the tiling is the first bundle's.
                plans.merge(name, new LayerRecord.Mapping(p.describe(), p.predictedCycles()), (a, b) ->
                        new LayerRecord.Mapping(count + " bundles, each " + a.tiling().replaceFirst("^\\d+ bundles, each ", ""),
                                a.predictedCycles() + b.predictedCycles()));
            }
        }
        Map<String, String> fusedNodes = new HashMap<>();
        Map<String, String> integerLayer = new HashMap<>();
        Map<String, String> hostReason = new HashMap<>();
        Set<String> pooled = new HashSet<>();
        for (Step step : partition.steps()) {
            if (step instanceof NpuStep npu) {
                for (FusedLayer l : npu.layers()) {
                    fusedNodes.put(l.name(), String.join("+", l.nodes()));
                }
                // The analysis lists the pool as a layer of its own, but it runs in the convolution's program,
                // so it joins that layer's row like a fused activation.
                npu.pool().ifPresent(p -> {
                    String conv = npu.layers().get(npu.layers().size() - 1).name();
                    fusedNodes.merge(conv, p.node(), (a, b) -> a + "+" + b);
                    pooled.add(p.node());
                });
            } else if (step instanceof IntegerStep is) {
                integerLayer.put(is.node().name(), integerLayers.get(is.node().name()).layer().name());
            } else if (step instanceof DynamicStep ds) {
                // One program serves every batch matrix pair: the layer's cycles are all its runs'.
                String name = ds.node().name();
                integerLayer.put(name, name);
                int each = ds.lower(chip).runs();
                plans.computeIfPresent(name, (key, p) -> new LayerRecord.Mapping(each + " runs, each " + p.tiling(),
                        each * p.predictedCycles()));
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
            if (pooled.contains(a.name())) {
                continue;
            }
            String npuName = a.kind() != LayerKind.HOST ? a.name() : integerLayer.get(a.name());
            if (npuName == null) {
                out.add(record(a, LayerRecord.Placement.HOST, a.name(), Optional.empty(),
                        Optional.of(hostReason.getOrDefault(a.name(), "")), Optional.empty()));
                continue;
            }
            LayerRecord.Mapping plan = plans.get(npuName);
            if (plan == null) {
                throw new IllegalStateException("NPU layer " + npuName + " has no plan in the compiled model");
            }
            Optional<LayerRecord.Measurement> measured = Optional.ofNullable(runs.get(npuName));
            used.add(npuName);
            out.add(record(a, LayerRecord.Placement.NPU, fusedNodes.getOrDefault(a.name(), a.name()), Optional.of(plan),
                    Optional.empty(), measured));
        }
        runs.keySet().removeAll(used);
        if (!runs.isEmpty()) {
            throw new IllegalArgumentException("measurements for layers model " + analysis.model() + " does not have: "
                    + runs.keySet().stream().sorted().toList());
        }
        return out;
    }

    /** The layer a program part belongs to: a grouped convolution's bundle NAME#g0-g1 is layer NAME's. */
    private static String layerOf(String part) {
        return part.replaceFirst("#\\d+-\\d+$", "");
    }

    /** Two bundles of one layer, run one after the other. */
    private static LayerRecord.Measurement plus(LayerRecord.Measurement a, LayerRecord.Measurement b) {
        return new LayerRecord.Measurement(a.simulatedCycles() + b.simulatedCycles(), a.macs() + b.macs(),
                a.hbmReadBytes() + b.hbmReadBytes(), a.hbmWrittenBytes() + b.hbmWrittenBytes(),
                a.energy().flatMap(x -> b.energy().map(x::plus)));
    }

    private static LayerRecord record(LayerAnalysis a, LayerRecord.Placement placement, String nodes,
            Optional<LayerRecord.Mapping> mapping, Optional<String> hostReason, Optional<LayerRecord.Measurement> measured) {
        Optional<LayerRecord.Shape> shape = a.shape().map(s -> new LayerRecord.Shape(s.m(), s.k(), s.n()));
        return new LayerRecord(a.name(), placement, a.op(), a.kind().text(), nodes, shape, a.parameters(), a.macs(),
                a.elementBytes(), a.inputBytes(), a.outputBytes(), a.weightBytes(), a.biasBytes(), a.roofline(), a.npuBound(),
                mapping, hostReason, measured);
    }
}
