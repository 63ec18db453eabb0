package npukit.compiler.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Roofline;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Node;
import npukit.compiler.lower.FusedLayer;

/**
 * Every layer of one model on one chip, in execution order, with totals.
 *
 * @param model    the model's name, not blank
 * @param roofline the chip's roofline, shared by every layer
 * @param layers   the layers; names unique
 */
public record ModelAnalysis(String model, Roofline roofline, List<LayerAnalysis> layers) {

    public ModelAnalysis {
        if (model == null || model.isBlank() || roofline == null || layers == null) {
            throw new IllegalArgumentException("model analysis needs a model name, a roofline and layers; model '" + model + "'");
        }
        layers = List.copyOf(layers);
        Set<String> names = new HashSet<>();
        for (LayerAnalysis l : layers) {
            if (!names.add(l.name())) {
                throw new IllegalArgumentException("model " + model + " has two layers named " + l.name());
            }
            if (!l.roofline().equals(roofline)) {
                throw new IllegalArgumentException("model " + model + ": layer " + l.name() + " was analysed for " + l.roofline()
                        + ", the model for " + roofline);
            }
        }
    }

    /**
     * The graph's layers in node order: each fused layer where its first node stood, every node no
     * fused layer covers as a host layer. Every node a fused layer names must be in the graph, once.
     */
    public static ModelAnalysis of(Graph graph, List<FusedLayer> fused, ChipConfig chip) {
        Map<String, FusedLayer> owner = new HashMap<>();
        for (FusedLayer f : fused) {
            for (String n : f.nodes()) {
                if (owner.put(n, f) != null) {
                    throw new IllegalArgumentException("graph " + graph.name() + ": node " + n + " is in two fused layers");
                }
            }
        }
        Set<String> inGraph = new HashSet<>();
        graph.nodes().forEach(n -> inGraph.add(n.name()));
        for (String n : owner.keySet()) {
            if (!inGraph.contains(n)) {
                throw new IllegalArgumentException("graph " + graph.name() + " has no node " + n + " (fused into " + owner.get(n).name() + ")");
            }
        }
        List<LayerAnalysis> layers = new ArrayList<>();
        for (Node node : graph.nodes()) {
            FusedLayer f = owner.get(node.name());
            if (f == null) {
                layers.add(LayerAnalysis.host(graph, node, chip));
            } else if (f.nodes().get(0).equals(node.name())) {
                layers.add(LayerAnalysis.of(f, chip));
            }
        }
        return new ModelAnalysis(graph.name(), Roofline.of(chip), layers);
    }

    public long parameters() {
        return sum(LayerAnalysis::parameters);
    }

    public long macs() {
        return sum(LayerAnalysis::macs);
    }

    public long parameterBytes() {
        return sum(LayerAnalysis::parameterBytes);
    }

    /** Sum of every layer's minimum traffic: each intermediate activation is counted as written once and read once. */
    public long minHbmBytes() {
        return sum(LayerAnalysis::minHbmBytes);
    }

    /** Layers the array runs. */
    public List<LayerAnalysis> arrayLayers() {
        return layers.stream().filter(l -> l.kind() != LayerKind.HOST).toList();
    }

    /** Sum of the array layers' roofline lower bounds: layers run one after another, so bounds add. */
    public double arrayLowerBoundCycles() {
        return arrayLayers().stream().mapToDouble(l -> l.npuBound().orElseThrow().lowerBoundCycles()).sum();
    }

    /** MACs per byte over the array layers together. */
    public double arrayIntensity() {
        long bytes = arrayLayers().stream().mapToLong(LayerAnalysis::minHbmBytes).sum();
        if (bytes == 0) {
            throw new IllegalStateException("model " + model + " has no array layers, so no intensity");
        }
        return (double) arrayLayers().stream().mapToLong(LayerAnalysis::macs).sum() / bytes;
    }

    private long sum(ToLongFunction<LayerAnalysis> f) {
        return layers.stream().mapToLong(f).sum();
    }
}
