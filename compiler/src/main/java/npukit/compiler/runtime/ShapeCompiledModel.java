package npukit.compiler.runtime;

import java.util.List;
import java.util.Map;
import npukit.arch.config.ChipConfig;
import npukit.compiler.codegen.CompiledSegment;
import npukit.compiler.ir.Graph;
import npukit.compiler.lower.IntegerLayer;
import npukit.compiler.partition.Partition;

/**
 * A model compiled from its shapes alone for a timing-only run ({@link ModelCompiler#compileShapes}):
 * the same graph, partition and programs as a functional compile would time, but no quantization, so
 * its programs carry no meaningful data.
 *
 * @param chip          the chip it was compiled for
 * @param graph         the graph after the pass pipeline, shapes bound to batch 1
 * @param partition     NPU and host steps
 * @param integerLayers integer ONNX products lowered with the model's parameters, by node name
 * @param segments      the program of each NPU or integer step, in the order the steps run
 */
public record ShapeCompiledModel(ChipConfig chip, Graph graph, Partition partition, Map<String, IntegerLayer> integerLayers,
                                 List<CompiledSegment> segments) {

    public ShapeCompiledModel {
        integerLayers = Map.copyOf(integerLayers);
        segments = List.copyOf(segments);
    }
}
