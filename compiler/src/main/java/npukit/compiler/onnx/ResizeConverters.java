package npukit.compiler.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Resize;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * Resize (opsets 10 to 19: roi, scales and sizes operands, the coordinate transformations, nearest
 * modes, cubic coefficient, exclude_outside, extrapolation value, axes and keep_aspect_ratio_policy)
 * and Upsample (scales an attribute in opset 7, an operand in 9), which is Resize with asymmetric
 * coordinates. Antialiasing is not supported.
 */
final class ResizeConverters {

    private ResizeConverters() {
    }

    static void register(Map<String, OpConverter> registry) {
        registry.put("Resize", ResizeConverters::resize);
        registry.put("Upsample", ResizeConverters::upsample);
    }

    private static List<Node> resize(ConversionContext node) {
        Value x = node.input(0);
        Attributes a = node.attributes();
        if (PoolConverters.flag(node, "antialias")) {
            throw node.unsupportedAttribute("antialias", "unsupported value antialias=1");
        }
        boolean legacy = node.opset() < 11;
        Resize.Mode mode = mode(node, a.string("mode", "nearest"));
        Resize.CoordinateTransform transform = legacy ? Resize.CoordinateTransform.ASYMMETRIC
                : enumValue(node, "coordinate_transformation_mode", a.string("coordinate_transformation_mode", "half_pixel"),
                Resize.CoordinateTransform.class);
        Resize.NearestMode nearest = legacy ? Resize.NearestMode.FLOOR
                : enumValue(node, "nearest_mode", a.string("nearest_mode", "round_prefer_floor"), Resize.NearestMode.class);
        Resize.AspectPolicy policy = enumValue(node, "keep_aspect_ratio_policy", a.string("keep_aspect_ratio_policy", "stretch"),
                Resize.AspectPolicy.class);
        List<Integer> axes = a.ints("axes").map(v -> {
            List<Integer> l = new ArrayList<>();
            for (long ax : v) {
                l.add(ShapeConverters.axis(node, "axes", ax, x.type().rank(), 0));
            }
            return l;
        }).orElse(null);
        Resize.Method method = new Resize.Method(mode, transform, nearest, a.real("cubic_coeff_a", -0.75f),
                PoolConverters.flag(node, "exclude_outside"), a.real("extrapolation_value", 0f), policy, axes);
        Optional<Value> roi = legacy ? Optional.empty() : node.optionalInput(1).filter(v -> !isEmpty(node, v));
        Optional<Value> scales = node.optionalInput(legacy ? 1 : 2).filter(v -> !isEmpty(node, v));
        Optional<Value> sizes = legacy ? Optional.empty() : node.optionalInput(3).filter(v -> !isEmpty(node, v));
        return List.of(make(node, x, roi, scales, sizes, method));
    }

    private static List<Node> upsample(ConversionContext node) {
        Value x = node.input(0);
        Resize.Mode mode = mode(node, node.attributes().string("mode", "nearest"));
        Optional<Value> scales;
        if (node.opset() < 9) {
            float[] s = node.attributes().floats("scales").orElseThrow(() -> node.invalid("attribute scales is required"));
            scales = Optional.of(node.newInitializer("scales", Tensor.of(TensorType.of(npukit.compiler.ir.ElementType.FLOAT, s.length), s)));
        } else {
            scales = Optional.of(node.input(1));
        }
        Resize.Method method = new Resize.Method(mode, Resize.CoordinateTransform.ASYMMETRIC, Resize.NearestMode.FLOOR,
                -0.75f, false, 0f, Resize.AspectPolicy.STRETCH, null);
        return List.of(make(node, x, Optional.empty(), scales, Optional.empty(), method));
    }

    private static Node make(ConversionContext node, Value x, Optional<Value> roi, Optional<Value> scales,
                             Optional<Value> sizes, Resize.Method method) {
        double[] r = roi.flatMap(node::constant).map(Tensor::toDoubles).orElse(null);
        double[] s = scales.flatMap(node::constant).map(Tensor::toDoubles).orElse(null);
        long[] z = node.constantLongs(sizes).orElse(null);
        boolean known = (scales.isEmpty() || s != null) && (sizes.isEmpty() || z != null)
                && (method.transform() != Resize.CoordinateTransform.TF_CROP_AND_RESIZE || r != null);
        TensorType t = known ? Resize.infer(node.name(), x, r, s, z, method)
                : ShapeConverters.unknown(x.type().elementType(), x.type().rank());
        return new Resize(node.name(), x, roi, scales, sizes, node.output(0, t), method);
    }

    /** An operand given as a constant with no elements (opset 11's way of leaving scales out). */
    private static boolean isEmpty(ConversionContext node, Value v) {
        return v.type().rank() == 1 && v.type().dim(0) == 0;
    }

    private static Resize.Mode mode(ConversionContext node, String mode) {
        return switch (mode) {
            case "nearest" -> Resize.Mode.NEAREST;
            case "linear", "bilinear" -> Resize.Mode.LINEAR;
            case "cubic" -> Resize.Mode.CUBIC;
            default -> throw node.unsupportedAttribute("mode", "unsupported value mode=" + mode);
        };
    }

    private static <E extends Enum<E>> E enumValue(ConversionContext node, String attribute, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw node.unsupportedAttribute(attribute, "unsupported value " + attribute + "=" + value);
        }
    }
}
