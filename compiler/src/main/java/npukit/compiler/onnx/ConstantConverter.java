package npukit.compiler.onnx;

import java.util.List;
import java.util.Map;
import npukit.compiler.ir.Constant;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;

/** Constant, from any of value, value_float, value_floats, value_int, value_ints. */
final class ConstantConverter {

    private ConstantConverter() {
    }

    static void register(Map<String, OpConverter> registry) {
        registry.put("Constant", ConstantConverter::convert);
    }

    private static List<Node> convert(ConversionContext node) {
        Attributes a = node.attributes();
        for (String unsupported : List.of("sparse_value", "value_string", "value_strings")) {
            if (a.has(unsupported)) {
                throw node.unsupportedAttribute(unsupported, "unsupported attribute " + unsupported);
            }
        }
        Tensor value;
        if (a.has("value")) {
            value = node.tensorOf(a.tensor("value").orElseThrow());
        } else if (a.has("value_float")) {
            value = Tensor.ofFloats(List.of(), a.real("value_float", 0f));
        } else if (a.has("value_floats")) {
            float[] f = a.floats("value_floats").orElseThrow();
            value = Tensor.ofFloats(List.of(f.length), f);
        } else if (a.has("value_int")) {
            value = Tensor.of(TensorType.of(ElementType.INT64), new long[] {a.integer("value_int", 0)});
        } else if (a.has("value_ints")) {
            long[] l = a.ints("value_ints").orElseThrow();
            value = ShapeConverters.shapeTensor(l);
        } else {
            throw node.invalid("a Constant needs one of value, value_float(s), value_int(s)");
        }
        return List.of(new Constant(node.name(), node.output(0, value.type()), value));
    }
}
