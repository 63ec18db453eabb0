package npukit.compiler.quant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import npukit.arch.config.ChipConfig;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.ImageShape;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.Value;
import npukit.compiler.lower.DynamicProduct;
import npukit.compiler.lower.Im2col;
import npukit.compiler.lower.NpuLayerReference;

/**
 * Each quantized layer's own SQNR: the layer fed float's input (from the interpreter on the samples),
 * encoded with its input codec, run by {@link NpuLayerReference} on the chip's arithmetic and decoded,
 * against float's output of the same layer. Measured per layer in isolation, so a low figure points at
 * the layer that loses precision, not at the ones after it.
 */
public final class LayerSqnr {

    private LayerSqnr() {
    }

    /** SQNR in dB of every layer of {@code layers} on {@code sample}, by layer name, in the given order. */
    public static Map<String, Double> of(Graph graph, Map<String, QuantizedLayer> layers, Map<String, Tensor> sample,
                                         ChipConfig chip) {
        return of(graph, layers, List.of(sample), chip);
    }

    /**
     * SQNR in dB of every layer over all of {@code samples}: signal and noise energy summed over the
     * samples before the ratio, so one quiet sample does not decide the figure; by layer name, in order.
     */
    public static Map<String, Double> of(Graph graph, Map<String, QuantizedLayer> layers,
                                         List<Map<String, Tensor>> samples, ChipConfig chip) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a layer's SQNR needs at least one sample");
        }
        List<Value> probes = new ArrayList<>();
        for (QuantizedLayer q : layers.values()) {
            probes.add(q.source().input());
            probes.add(q.source().output());
            q.source().residual().ifPresent(probes::add);
        }
        Graph probed = probed(graph, probes);
        Map<String, double[]> energy = new LinkedHashMap<>();
        for (Map<String, Tensor> sample : samples) {
            Map<String, Tensor> values = Interpreter.run(probed, sample);
            for (QuantizedLayer q : layers.values()) {
                add(energy, q.source().name(), values.get(q.source().output().name()).toDoubles(),
                        layerOutput(graph, q, values, chip));
            }
        }
        return decibels(energy);
    }

    /**
     * SQNR in dB of each dynamic product over all of {@code samples}, by node name, in the given order: its
     * operands as float computes them, quantized at run time and multiplied on the chip's arithmetic as the
     * NPU does ({@link DynamicProduct#reference}), against float's product. Like a layer's, measured in
     * isolation.
     */
    public static Map<String, Double> dynamic(Graph graph, List<DynamicProduct> products,
                                              List<Map<String, Tensor>> samples, ChipConfig chip) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a product's SQNR needs at least one sample");
        }
        List<Value> probes = new ArrayList<>();
        for (DynamicProduct d : products) {
            probes.add(d.a());
            probes.add(d.b());
            probes.add(d.y());
        }
        Graph probed = probed(graph, probes);
        Map<String, double[]> energy = new LinkedHashMap<>();
        for (Map<String, Tensor> sample : samples) {
            Map<String, Tensor> values = Interpreter.run(probed, sample);
            for (DynamicProduct d : products) {
                add(energy, d.node().name(), values.get(d.y().name()).toDoubles(), d.reference(
                        values.get(d.a().name()).toDoubles(), values.get(d.b().name()).toDoubles(), chip.array(),
                        chip.quant()).toDoubles());
            }
        }
        return decibels(energy);
    }

    /** {@code graph} with {@code probes} (those that are not initializers) among its outputs. */
    private static Graph probed(Graph graph, List<Value> probes) {
        List<Value> outputs = new ArrayList<>(graph.outputs());
        outputs.addAll(probes);
        return new Graph(graph.name(), graph.inputs(), graph.initializers(), graph.nodes(),
                outputs.stream().filter(v -> !graph.initializers().containsKey(v.name())).distinct().toList());
    }

    /** Adds the signal and noise energy of {@code got} against {@code want} to {@code name}'s sums. */
    private static void add(Map<String, double[]> energy, String name, double[] want, double[] got) {
        double[] sums = energy.computeIfAbsent(name, k -> new double[2]);
        for (int i = 0; i < want.length; i++) {
            double err = got[i] - want[i];
            sums[0] += want[i] * want[i];
            sums[1] += err * err;
        }
    }

    private static Map<String, Double> decibels(Map<String, double[]> energy) {
        Map<String, Double> sqnr = new LinkedHashMap<>();
        energy.forEach((name, sums) -> sqnr.put(name,
                sums[1] == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(sums[0] / sums[1])));
        return sqnr;
    }

    /**
     * The layer run on the chip's arithmetic, fed float's input encoded with its input codec (and float's
     * residual as accumulator codes), decoded.
     */
    private static double[] layerOutput(Graph graph, QuantizedLayer q, Map<String, Tensor> values, ChipConfig chip) {
        Tensor x = values.containsKey(q.source().input().name()) ? values.get(q.source().input().name())
                : graph.initializers().get(q.source().input().name());
        int[] rows = q.source().isConv() ? q.convX(im2col(graph, q), x.toDoubles()) : q.input().encode(x.toDoubles());
        int[] r = q.source().residual().map(v -> q.residualCodes(values.get(v.name()).toDoubles(),
                chip.array().accumulatorBits())).orElse(null);
        int[] y = NpuLayerReference.run(q.npu(), rows, r, chip.array(), chip.quant());
        if (q.source().isConv()) {
            y = Im2col.toImage(y, ImageShape.of(q.source().output().type()));
        }
        return q.output().decode(y);
    }

    private static Im2col im2col(Graph graph, QuantizedLayer q) {
        for (Node n : graph.nodes()) {
            if (n instanceof Conv2d c && c.name().equals(q.source().name())) {
                List<Integer> w = c.w().type().shape();
                return new Im2col(ImageShape.of(c.x().type()), new Size2d(w.get(2), w.get(3)), c.geometry(),
                        ImageShape.of(c.y().type()));
            }
        }
        throw new IllegalStateException("no Conv2d node " + q.source().name() + " in the graph");
    }
}
