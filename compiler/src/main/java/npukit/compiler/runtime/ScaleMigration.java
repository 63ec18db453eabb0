package npukit.compiler.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Granularity;
import npukit.arch.config.QuantScheme;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Node;
import npukit.compiler.lower.FusedLayer;
import npukit.compiler.partition.HostStep;
import npukit.compiler.partition.NpuStep;
import npukit.compiler.partition.Partition;
import npukit.compiler.partition.Step;
import npukit.compiler.pass.ScaleOutputs;
import npukit.compiler.pass.SmoothInputs;
import npukit.compiler.quant.Smoothing;

/**
 * The compile's scale migrations between activations and weights, chosen on the partition of the prepared
 * graph and applied to it as float rewrites before calibration: input smoothing ({@link SmoothInputs}) on
 * the layers whose X the host encodes from real values, output scaling ({@link ScaleOutputs}) on those
 * whose output the host reads; both only on chips with per-channel linear weights, which absorb the scales
 * in the weight scales and the per-lane requantization registers.
 *
 * @param graph            the graph compiled (the prepared one when nothing changed)
 * @param calibrationGraph the graph calibrated (batch 1), rewritten alike
 * @param scales           the scales applied
 * @param alpha            the smoothing strength used
 * @param outputLayers     the output-scaled layers as {@link ScaleOutputs} took them
 */
record ScaleMigration(Graph graph, Graph calibrationGraph, Smoothing.Scales scales, double alpha,
                      Map<String, ScaleOutputs.Layer> outputLayers) {

    /** Whether any layer was smoothed or output-scaled. */
    boolean changed() {
        return !scales.inputs().isEmpty() || !scales.outputs().isEmpty();
    }

    /**
     * The migrations {@code options} ask for on {@code chip}, chosen on {@code partition} (of
     * {@code prepared}) and applied to {@code prepared} and {@code preparedForCalibration}.
     *
     * <p>Smoothed: every ungrouped layer of more than one input channel and more than one output column
     * whose X the host encodes (with one column the weights have one scale, which cannot absorb a scale
     * per row: a global average pool's exact 1 / (H W) would become rows of different steps). Left
     * alone: a layer reading another layer's codes (chained, pooled on the VALU, or handed over by host data
     * movement), where the host does not re-encode X; a grouped convolution, whose X is encoded group by group
     * instead ({@code GroupInputs}); a layer whose input is constant or whose weights are not an initializer. Output-scaled: the last layer
     * of each NPU step of more than one output column without a VALU pool or a clip (the clip's bounds do
     * not scale per channel; one column is one scale already) whose bias is a vector and whose output
     * another NPU step reads, directly or through host nodes ({@link #feedsNpu}); not the model's head,
     * whose outputs only reach graph outputs.
     *
     * <p>Why not the head: per-channel ranges leave no channel any headroom beyond what the calibration
     * samples showed it, and a model's outputs are often specific to the input (a class's logit is large only
     * for its class), which a few samples do not cover. The MNIST CNN on edge-cmsis, its logits scaled and
     * calibrated on 8 digits, reads 49 of 62 (output SQNR 8.1 dB against 22.0 dB with one scale); calibrated
     * on all 62, 62 of 62 (48.2 dB). A per-tensor range keeps the headroom of every channel narrower than the
     * widest.
     *
     * <p>Why per-channel weights only: s_c enlarges weight row c and 1 / t_j shrinks column j, which a
     * per-column weight scale absorbs but a per-tensor one does not (the largest row or column then sets every
     * weight's step; measured in docs/compiler.md, "Scale migration").
     */
    static ScaleMigration of(Graph prepared, Graph preparedForCalibration, Partition partition, ChipConfig chip,
                             CompileOptions options) {
        double alpha = options.smoothAlpha().orElse(CompileOptions.DEFAULT_SMOOTH_ALPHA);
        if (chip.quant().granularity() != Granularity.PER_CHANNEL || chip.quant().scheme() != QuantScheme.LINEAR) {
            return new ScaleMigration(prepared, preparedForCalibration, new Smoothing.Scales(Map.of(), Map.of()), alpha,
                    Map.of());
        }
        Map<String, String> source = ModelCompiler.rangeSources(partition);
        Set<String> layerOutputs = new LinkedHashSet<>();
        partition.layers().forEach(l -> layerOutputs.add(l.output().name()));
        List<FusedLayer> inputSide = options.smoothAlpha().isEmpty() ? List.of() : partition.layers().stream()
                .filter(l -> l.groups() == 1 && l.weights().hasData() && channels(l) > 1 && l.n() > 1
                        && !layerOutputs.contains(source.getOrDefault(l.input().name(), l.input().name()))
                        && !prepared.initializers().containsKey(l.input().name())
                        && SmoothInputs.applies(ModelCompiler.node(prepared, l.name()), prepared))
                .toList();
        Set<String> feedsNpu = feedsNpu(partition);
        List<FusedLayer> outputSide = new ArrayList<>();
        for (Step s : options.scaleOutputs().isPresent() ? partition.steps() : List.<Step>of()) {
            if (s instanceof NpuStep npu && npu.pool().isEmpty()) {
                FusedLayer last = npu.layers().get(npu.layers().size() - 1);
                // A residual is added at the product's scale, so the product's columns cannot be rescaled alone.
                if (last.clip().isEmpty() && last.residual().isEmpty() && last.activation().isEmpty() && last.n() > 1 && last.weights().hasData() && feedsNpu.contains(last.output().name())
                        && ScaleOutputs.applies(
                        last.nodes().stream().map(n -> ModelCompiler.node(prepared, n)).toList(), prepared)) {
                    outputSide.add(last);
                }
            }
        }
        Smoothing.Scales scales = inputSide.isEmpty() && outputSide.isEmpty() ? new Smoothing.Scales(Map.of(), Map.of())
                : Smoothing.scales(preparedForCalibration, inputSide, outputSide, options.calibration(), alpha,
                        options.scaleOutputs().orElse(CompileOptions.DEFAULT_OUTPUT_STRENGTH));
        Map<String, ScaleOutputs.Layer> outputLayers = new LinkedHashMap<>();
        for (FusedLayer l : outputSide) {
            outputLayers.put(l.name(), new ScaleOutputs.Layer(l.nodes(), scales.outputs().get(l.name())));
        }
        SmoothInputs inputs = new SmoothInputs(scales.inputs());
        ScaleOutputs outputs = new ScaleOutputs(outputLayers);
        Graph graph = rewrite(prepared, inputs, outputs);
        Graph calibrationGraph = preparedForCalibration == prepared ? graph : rewrite(preparedForCalibration, inputs,
                outputs);
        return new ScaleMigration(graph, calibrationGraph, scales, alpha, outputLayers);
    }

    /**
     * The values some NPU step reads, directly or through host nodes: what a layer writes there reaches
     * another layer. The rest is the model's head (a classifier's logits before its LogSoftmax, say).
     */
    private static Set<String> feedsNpu(Partition partition) {
        Set<String> hostNodes = new HashSet<>();
        Set<String> feeds = new HashSet<>();
        for (Step s : partition.steps()) {
            if (s instanceof HostStep host) {
                host.nodes().forEach(n -> hostNodes.add(n.name()));
            }
        }
        Set<String> npuNodes = new HashSet<>();
        partition.graph().nodes().stream().filter(n -> !hostNodes.contains(n.name())).forEach(n -> npuNodes.add(n.name()));
        List<Node> nodes = partition.graph().nodes();
        for (Node n : nodes) {
            if (npuNodes.contains(n.name())) {
                n.inputs().forEach(v -> feeds.add(v.name()));
            }
        }
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (hostNodes.contains(n.name()) && n.outputs().stream().anyMatch(v -> feeds.contains(v.name()))) {
                n.inputs().forEach(v -> feeds.add(v.name()));
            }
        }
        return feeds;
    }

    /** Input channels: a convolution's Cin, a dense layer's k; with one there is nothing to balance. */
    private static int channels(FusedLayer l) {
        return l.isConv() ? l.input().type().dim(1) : l.k();
    }

    private static Graph rewrite(Graph g, SmoothInputs inputs, ScaleOutputs outputs) {
        Graph smoothed = inputs.apply(g).orElse(g);
        return outputs.apply(smoothed).orElse(smoothed);
    }

    /**
     * {@code partition} (of {@link #graph}) with each smoothing or output-scaling Mul's reason naming the
     * layer whose weights took its scales, so the plan shows which layers were changed.
     */
    Partition reasons(Partition partition) {
        Map<String, String> reasons = new LinkedHashMap<>();
        scales.inputs().keySet().forEach(l -> reasons.put(l + SmoothInputs.SUFFIX, "smoothing, alpha " + alpha
                + ": divides X per channel by the scales folded into " + l + "'s weights"));
        outputLayers.forEach((l, layer) -> reasons.put(layer.nodes().get(layer.nodes().size() - 1) + ScaleOutputs.SUFFIX,
                "output scaling: multiplies " + l + "'s output per channel by the scales divided out of its weights"));
        List<Step> steps = new ArrayList<>();
        for (Step s : partition.steps()) {
            if (!(s instanceof HostStep host)) {
                steps.add(s);
                continue;
            }
            List<String> why = new ArrayList<>(host.reasons());
            for (int i = 0; i < why.size(); i++) {
                why.set(i, reasons.getOrDefault(host.nodes().get(i).name(), why.get(i)));
            }
            steps.add(new HostStep(host.nodes(), why));
        }
        return new Partition(partition.graph(), steps);
    }
}
