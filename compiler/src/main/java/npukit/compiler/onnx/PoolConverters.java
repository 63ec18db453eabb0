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

/** MaxPool, AveragePool (2-D, and 1-D as 2-D of height 1) and GlobalAveragePool over 2-D images. */
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
        if (x.type().rank() == 3) {
            return Lifted1d.around(node, x, (lifted, before) -> {
                PoolWindow w = window(node, lifted, true);
                return new MaxPool(node.name() + "/2d", lifted, new Value(node.derivedName("2d"),
                        w.outputType("MaxPool", node.name(), lifted.type())), w);
            });
        }
        PoolWindow w = window(node, x, false);
        return List.of(new MaxPool(node.name(), x, node.output(0, w.outputType("MaxPool", node.name(), x.type())), w));
    }

    private static List<Node> averagePool(ConversionContext node) {
        Value x = node.input(0);
        boolean countIncludePad = flag(node, "count_include_pad");
        if (x.type().rank() == 3) {
            return Lifted1d.around(node, x, (lifted, before) -> {
                PoolWindow w = window(node, lifted, true);
                return new AveragePool(node.name() + "/2d", lifted, new Value(node.derivedName("2d"),
                        w.outputType("AveragePool", node.name(), lifted.type())), w, countIncludePad);
            });
        }
        PoolWindow w = window(node, x, false);
        return List.of(new AveragePool(node.name(), x,
                node.output(0, w.outputType("AveragePool", node.name(), x.type())), w, countIncludePad));
    }

    private static List<Node> globalAveragePool(ConversionContext node) {
        Value x = node.input(0);
        requireImage(node, x);
        return List.of(new GlobalAveragePool(node.name(), x, node.output(0, GlobalAveragePool.infer(node.name(), x))));
    }

    /** The window over the image {@code x}; of a 1-D pool lifted to 2-D when {@code lifted}. */
    private static PoolWindow window(ConversionContext node, Value x, boolean lifted) {
        requireImage(node, x);
        Size2d kernel = SpatialAttributes.kernel(node, lifted);
        boolean ceil = flag(node, "ceil_mode");
        SpatialAttributes s = SpatialAttributes.read(node, x, kernel, lifted);
        return new PoolWindow(kernel, s.strides(), s.pads(), s.dilations(), ceil);
    }

    private static void requireImage(ConversionContext node, Value x) {
        if (x.type().rank() != 4) {
            throw node.unsupported(UnsupportedModelException.Kind.SHAPE, null,
                    "only 1-D and 2-D pooling is supported; input " + x.text() + " has " + (x.type().rank() - 2) + " spatial dimensions");
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
