package npukit.compiler.runtime;

import java.util.List;
import java.util.Map;
import npukit.arch.config.ChipConfig;
import npukit.compiler.codegen.CompiledSegment;
import npukit.compiler.ir.Graph;
import npukit.compiler.lower.IntegerLayer;
import npukit.compiler.partition.Partition;
import npukit.compiler.quant.QuantizedLayer;
import npukit.compiler.quant.Range;

/**
 * A model compiled for one chip: the graph after the passes, its partition for this chip, every fused
 * layer quantized, and one compiled program per NPU step (in step order).
 *
 * @param chip      the chip it was compiled for
 * @param graph     the graph after the pass pipeline, shapes bound to the batch size
 * @param partition NPU and host steps
 * @param layers    quantized layers by fused layer name
 * @param integerLayers integer ONNX products lowered with the model's parameters, by node name
 * @param segments  the program of each NPU or integer step, in the order the steps run
 * @param ranges    calibrated ranges by value name
 * @param options   how it was compiled
 */
public record CompiledModel(ChipConfig chip, Graph graph, Partition partition, Map<String, QuantizedLayer> layers,
                            Map<String, IntegerLayer> integerLayers, List<CompiledSegment> segments, Map<String, Range> ranges, CompileOptions options) {

    public CompiledModel {
        layers = Map.copyOf(layers);
        integerLayers = Map.copyOf(integerLayers);
        segments = List.copyOf(segments);
        ranges = Map.copyOf(ranges);
    }
}
