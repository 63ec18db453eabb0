package npukit.compiler.onnx;

import java.util.List;
import java.util.Map;
import npukit.compiler.ir.AveragePool;
import npukit.compiler.ir.GlobalAveragePool;
import npukit.compiler.ir.MaxPool;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.PoolWindow;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Value;

/** MaxPool, AveragePool and GlobalAveragePool over 2-D images. */
final class PoolConverters {

    private PoolConverters() {
    }

    static void register(Map<String, OpConverter> registry) {
        registry.put("MaxPool", PoolConverters::maxPool);
        registry.put("AveragePool", PoolConverters::averagePool);
        registry.put("GlobalAveragePool", PoolConverters::globalAveragePool);
    }

    private static List<Node> maxPool(ConversionContext node) {
        node.requireAtMostOutputs(1, "Indices");
        long storageOrder = node.attributes().integer("storage_order", 0);
        if (storageOrder != 0) {
            throw node.unsupportedAttribute("storage_order", "unsupported value storage_order=" + storageOrder);
        }
        Value x = node.input(0);
        PoolWindow w = window(node, x);
        return List.of(new MaxPool(node.name(), x, node.output(0, w.outputType("MaxPool", node.name(), x.type())), w));
    }

    private static List<Node> averagePool(ConversionContext node) {
        Value x = node.input(0);
        boolean countIncludePad = flag(node, "count_include_pad");
        PoolWindow w = window(node, x);
        return List.of(new AveragePool(node.name(), x,
                node.output(0, w.outputType("AveragePool", node.name(), x.type())), w, countIncludePad));
    }

    private static List<Node> globalAveragePool(ConversionContext node) {
        Value x = node.input(0);
        requireImage(node, x);
        return List.of(new GlobalAveragePool(node.name(), x, node.output(0, GlobalAveragePool.infer(node.name(), x))));
    }

    private static PoolWindow window(ConversionContext node, Value x) {
        requireImage(node, x);
        Size2d kernel = SpatialAttributes.kernel(node);
        boolean ceil = flag(node, "ceil_mode");
        SpatialAttributes s = SpatialAttributes.read(node, x, kernel);
        return new PoolWindow(kernel, s.strides(), s.pads(), s.dilations(), ceil);
    }

    private static void requireImage(ConversionContext node, Value x) {
        if (x.type().rank() != 4) {
            throw node.unsupported(UnsupportedModelException.Kind.SHAPE, null,
                    "only 2-D pooling is supported; input " + x.text() + " has " + (x.type().rank() - 2) + " spatial dimensions");
        }
    }

    static boolean flag(ConversionContext node, String attribute) {
        return flag(node, attribute, 0);
    }

    /** A 0/1 attribute with its default. */
    static boolean flag(ConversionContext node, String attribute, long defaultValue) {
        long v = node.attributes().integer(attribute, defaultValue);
        if (v != 0 && v != 1) {
            throw node.invalid("attribute " + attribute + " = " + v + " must be 0 or 1");
        }
        return v == 1;
    }
}
