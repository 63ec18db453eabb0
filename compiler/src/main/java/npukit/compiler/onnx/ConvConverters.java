package npukit.compiler.onnx;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ConvInteger;
import npukit.compiler.ir.QLinearConv;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Value;

/** Conv, ConvInteger and QLinearConv: 2-D only, auto_pad resolved, group kept. */
final class ConvConverters {

    private ConvConverters() {
    }

    static void register(Map<String, OpConverter> registry) {
        registry.put("Conv", ConvConverters::conv);
        registry.put("ConvInteger", ConvConverters::convInteger);
        registry.put("QLinearConv", ConvConverters::qlinearConv);
    }

    private static List<npukit.compiler.ir.Node> conv(ConversionContext node) {
        Value x = node.input(0);
        Value w = node.input(1);
        ConvGeometry g = geometry(node, x, w);
        Optional<Value> bias = node.optionalInput(2);
        return List.of(new Conv2d(node.name(), x, w, bias, node.output(0, Conv2d.infer(node.name(), x, w, g)), g));
    }

    private static List<npukit.compiler.ir.Node> convInteger(ConversionContext node) {
        Value x = node.input(0);
        Value w = node.input(1);
        ConvGeometry g = geometry(node, x, w);
        return List.of(new ConvInteger(node.name(), x, w, node.optionalInput(2), node.optionalInput(3),
                node.output(0, ConvInteger.infer(node.name(), x, w, g)), g));
    }

    private static List<npukit.compiler.ir.Node> qlinearConv(ConversionContext node) {
        Value x = node.input(0);
        Value w = node.input(3);
        Value yZeroPoint = node.input(7);
        ConvGeometry g = geometry(node, x, w);
        return List.of(new QLinearConv(node.name(), x, node.input(1), node.input(2), w, node.input(4), node.input(5),
                node.input(6), yZeroPoint, node.optionalInput(8),
                node.output(0, QLinearConv.infer(node.name(), x, w, yZeroPoint, g)), g));
    }

    /** group, kernel_shape (checked against the weight) and the sliding-window attributes. */
    static ConvGeometry geometry(ConversionContext node, Value x, Value w) {
        int spatial = Math.max(x.type().rank(), w.type().rank()) - 2;
        if (spatial != 2 || x.type().rank() != 4 || w.type().rank() != 4) {
            throw node.unsupported(UnsupportedModelException.Kind.SHAPE, null, "only 2-D convolutions are supported; input "
                    + x.text() + " and weight " + w.text() + " have " + spatial + " spatial dimensions");
        }
        Size2d kernel = new Size2d(Math.max(w.type().dim(2), 1), Math.max(w.type().dim(3), 1));
        node.attributes().ints("kernel_shape").ifPresent(k -> {
            Size2d declared = SpatialAttributes.pair(node, "kernel_shape", k);
            if (!declared.equals(kernel)) {
                throw node.invalid("kernel_shape " + declared.text() + " differs from the weight " + w.text());
            }
        });
        long group = node.attributes().integer("group", 1);
        if (group < 1 || group > Integer.MAX_VALUE) {
            throw node.invalid("attribute group = " + group + " must be >= 1");
        }
        SpatialAttributes s = SpatialAttributes.read(node, x, kernel);
        return new ConvGeometry(s.strides(), s.pads(), s.dilations(), (int) group);
    }
}
