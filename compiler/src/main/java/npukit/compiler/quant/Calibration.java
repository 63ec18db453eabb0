package npukit.compiler.quant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.Value;
import npukit.compiler.lower.FusedLayer;

/**
 * Calibrated ranges of the values fused layers read and write: the float reference interpreter runs
 * each sample on a copy of the graph whose outputs also include every layer's input and output
 * value, and each value's tensors go, sample by sample, to one calibrator of the chosen method. A
 * layer's output value is the one after its ReLU (the value the fused layer defines).
 */
public final class Calibration {

    private Calibration() {
    }

    /**
     * The range of every input and output value of {@code layers}, by value name, in the order the
     * layers name them. Each sample maps every graph input to a tensor.
     */
    public static Map<String, Range> run(Graph graph, List<FusedLayer> layers, List<Map<String, Tensor>> samples,
                                         CalibrationMethod method) {
        return run(graph, layers, List.of(), samples, method).values();
    }

    /**
     * The calibrated ranges of values, and of each input channel group of the grouped convolutions that
     * encode X group by group ({@link GroupInputs}).
     *
     * @param values by value name, as {@link #run(Graph, List, List, CalibrationMethod)} gives them
     * @param groups by layer name, one range per group in group order, observed on that group's input
     *               channels alone
     */
    public record Ranges(Map<String, Range> values, Map<String, List<Range>> groups) {
    }

    /**
     * As {@link #run(Graph, List, List, CalibrationMethod)}, also calibrating the input of each layer of
     * {@code grouped} (convolutions of {@code layers}) group by group, from the same interpreter runs.
     */
    public static Ranges run(Graph graph, List<FusedLayer> layers, List<FusedLayer> grouped,
                             List<Map<String, Tensor>> samples, CalibrationMethod method) {
        if (graph == null || layers == null || samples == null || method == null) {
            throw new IllegalArgumentException("calibration needs a graph, layers, samples and a method");
        }
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("graph " + graph.name() + ": calibration needs at least one sample");
        }
        Map<String, Value> defined = definitions(graph);
        Map<String, String> owner = new LinkedHashMap<>();
        for (FusedLayer layer : layers) {
            watch(graph, defined, owner, layer.input(), "input of layer " + layer.name());
            watch(graph, defined, owner, layer.output(), "output of layer " + layer.name());
            if (layer.activation().isPresent()) {
                watch(graph, defined, owner, layer.beforeActivation(), "output of layer " + layer.name()
                        + " before its " + layer.activation().get().text());
            }
        }
        List<Value> outputs = new ArrayList<>(graph.outputs());
        for (String name : owner.keySet()) {
            if (outputs.stream().noneMatch(v -> v.name().equals(name))) {
                outputs.add(defined.get(name));
            }
        }
        Graph probed = new Graph(graph.name(), graph.inputs(), graph.initializers(), graph.nodes(), outputs);
        Map<String, Calibrator> calibrators = new LinkedHashMap<>();
        owner.keySet().forEach(name -> calibrators.put(name, method.create()));
        Map<String, List<Calibrator>> groupCalibrators = new LinkedHashMap<>();
        for (FusedLayer l : grouped) {
            List<Calibrator> perGroup = new ArrayList<>();
            for (int g = 0; g < l.groups(); g++) {
                perGroup.add(method.create());
            }
            groupCalibrators.put(l.name(), perGroup);
        }
        for (int s = 0; s < samples.size(); s++) {
            Map<String, Tensor> values = Interpreter.run(probed, samples.get(s));
            for (Map.Entry<String, Calibrator> e : calibrators.entrySet()) {
                try {
                    e.getValue().observe(values.get(e.getKey()).toDoubles());
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("graph " + graph.name() + ": sample " + s + ": value %"
                            + e.getKey() + " (" + owner.get(e.getKey()) + "): " + ex.getMessage(), ex);
                }
            }
            for (FusedLayer l : grouped) {
                observeGroups(values.get(l.input().name()), groupCalibrators.get(l.name()));
            }
        }
        Map<String, Range> ranges = new LinkedHashMap<>();
        calibrators.forEach((name, c) -> ranges.put(name, c.range()));
        Map<String, List<Range>> groups = new LinkedHashMap<>();
        groupCalibrators.forEach((name, cs) -> groups.put(name, cs.stream().map(Calibrator::range).toList()));
        return new Ranges(ranges, groups);
    }

    /** Each group's channels of an NCHW tensor (every batch entry) to that group's calibrator. */
    private static void observeGroups(Tensor image, List<Calibrator> perGroup) {
        List<Integer> shape = image.shape();
        int channels = shape.get(1);
        int plane = shape.get(2) * shape.get(3);
        int span = channels / perGroup.size() * plane;
        double[] all = image.toDoubles();
        for (int start = 0; start < all.length; start += span) {
            int group = start / span % perGroup.size();
            perGroup.get(group).observe(java.util.Arrays.copyOfRange(all, start, start + span));
        }
    }

    /** Every value the graph defines (inputs and node outputs; initializers are constants, never calibrated). */
    private static Map<String, Value> definitions(Graph graph) {
        Map<String, Value> defined = new HashMap<>();
        graph.inputs().forEach(v -> defined.put(v.name(), v));
        for (Node node : graph.nodes()) {
            node.outputs().forEach(v -> defined.put(v.name(), v));
        }
        return defined;
    }

    /** Records that {@code v} is calibrated on behalf of {@code who}, using the graph's own definition of it. */
    private static void watch(Graph graph, Map<String, Value> defined, Map<String, String> owner, Value v, String who) {
        if (!defined.containsKey(v.name())) {
            throw new IllegalArgumentException("graph " + graph.name() + ": " + who + " is %" + v.name()
                    + ", which no graph input or node defines");
        }
        owner.putIfAbsent(v.name(), who);
    }
}
