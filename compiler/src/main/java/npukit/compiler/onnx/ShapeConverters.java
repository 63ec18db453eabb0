package npukit.compiler.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.compiler.ir.Cast;
import npukit.compiler.ir.Concat;
import npukit.compiler.ir.ConstantOfShape;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Expand;
import npukit.compiler.ir.Flatten;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Range;
import npukit.compiler.ir.Reshape;
import npukit.compiler.ir.Shape;
import npukit.compiler.ir.Size;
import npukit.compiler.ir.Squeeze;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Tile;
import npukit.compiler.ir.Transpose;
import npukit.compiler.ir.Unsqueeze;
import npukit.compiler.ir.Value;

/**
 * Operators about shapes and types: Flatten, Reshape, Transpose, Concat, Squeeze, Unsqueeze, Shape,
 * Size, Expand, Tile, ConstantOfShape, Range, Cast and CastLike. Operands that were attributes in
 * older opsets (axes, shapes) become INT64 initializers; where an operand's value is fixed at import,
 * the output shape is inferred from it.
 */
final class ShapeConverters {

    private ShapeConverters() {
    }

    static void register(Map<String, OpConverter> registry) {
        registry.put("Flatten", ShapeConverters::flatten);
        registry.put("Reshape", ShapeConverters::reshape);
        registry.put("Transpose", ShapeConverters::transpose);
        registry.put("Concat", ShapeConverters::concat);
        registry.put("Squeeze", ShapeConverters::squeeze);
        registry.put("Unsqueeze", ShapeConverters::unsqueeze);
        registry.put("Shape", ShapeConverters::shape);
        registry.put("Size", node -> List.of(new Size(node.name(), node.input(0), node.output(0, TensorType.of(ElementType.INT64)))));
        registry.put("Expand", ShapeConverters::expand);
        registry.put("Tile", ShapeConverters::tile);
        registry.put("ConstantOfShape", ShapeConverters::constantOfShape);
        registry.put("Range", ShapeConverters::range);
        registry.put("Cast", ShapeConverters::cast);
        registry.put("CastLike", ShapeConverters::castLike);
    }

    /** An ONNX axis in [-rank, rank + extra) made non-negative. */
    static int axis(ConversionContext node, String attribute, long axis, int rank, int extra) {
        if (axis < -rank || axis >= rank + extra) {
            throw node.invalid("attribute " + attribute + " = " + axis + " is out of range for rank " + rank);
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    /** The length of a 1-D operand, or -1 when unknown. */
    static int lengthOf(Value v) {
        return v.type().rank() == 1 ? v.type().dim(0) : -1;
    }

    static Tensor shapeTensor(long[] dims) {
        return Tensor.ofLongs(dims);
    }

    private static List<Node> flatten(ConversionContext node) {
        Value x = node.input(0);
        int axis = axis(node, "axis", node.attributes().integer("axis", 1), x.type().rank(), 1);
        return List.of(new Flatten(node.name(), x, node.output(0, Flatten.infer(node.name(), x, axis)), axis));
    }

    /** Before opset 5 the target shape is an attribute; it becomes an INT64 initializer. */
    private static List<Node> reshape(ConversionContext node) {
        Value x = node.input(0);
        boolean allowZero = PoolConverters.flag(node, "allowzero");
        if (node.opset() < 5) {
            node.attributes().ignore("consumed_inputs");
        }
        Value shape = node.opset() < 5
                ? node.newInitializer("shape", shapeTensor(node.attributes().ints("shape")
                        .orElseThrow(() -> node.invalid("attribute shape is required before opset 5"))))
                : node.input(1);
        Optional<long[]> target = node.constantLongs(shape);
        if (target.isEmpty() && lengthOf(shape) < 0) {
            return List.of(new Reshape(node.name(), x, shape, node.declaredOutputOr(0, "the value of " + shape.ref()), allowZero));
        }
        TensorType inferred = target.map(t -> Reshape.infer(node.name(), x, t, allowZero))
                .orElseGet(() -> unknown(x.type().elementType(), lengthOf(shape)));
        return List.of(new Reshape(node.name(), x, shape, node.output(0, inferred), allowZero));
    }

    static TensorType unknown(ElementType e, int rank) {
        int[] dims = new int[rank];
        java.util.Arrays.fill(dims, TensorType.UNKNOWN);
        return TensorType.of(e, dims);
    }

    private static List<Node> transpose(ConversionContext node) {
        Value x = node.input(0);
        int rank = x.type().rank();
        List<Integer> perm = new ArrayList<>();
        long[] given = node.attributes().ints("perm").orElse(null);
        if (given != null && given.length != rank) {
            throw node.invalid("perm has " + given.length + " entries for rank " + rank);
        }
        for (int i = 0; i < rank; i++) {
            perm.add(given == null ? rank - 1 - i : axis(node, "perm", given[i], rank, 0));
        }
        return List.of(new Transpose(node.name(), x, node.output(0, Transpose.infer(node.name(), x, perm)), perm));
    }

    private static List<Node> concat(ConversionContext node) {
        List<Value> xs = new ArrayList<>();
        for (int i = 0; i < node.inputCount(); i++) {
            node.optionalInput(i).ifPresent(xs::add);
        }
        if (xs.isEmpty()) {
            throw node.invalid("no inputs");
        }
        long rawAxis = node.opset() < 4 ? node.attributes().integer("axis", 1) : node.attributes().integer("axis", Long.MIN_VALUE);
        if (rawAxis == Long.MIN_VALUE) {
            throw node.invalid("attribute axis is required");
        }
        int axis = axis(node, "axis", rawAxis, xs.get(0).type().rank(), 0);
        return List.of(new Concat(node.name(), xs, node.output(0, Concat.infer(node.name(), xs, axis)), axis));
    }

    /** axes: an attribute before opset 13, an optional operand from it. */
    private static List<Node> squeeze(ConversionContext node) {
        Value x = node.input(0);
        Optional<Value> axes = node.operandOrAttribute(1, "axes", 13);
        Optional<long[]> known = node.constantLongs(axes);
        if (axes.isPresent() && known.isEmpty()) {
            return List.of(new Squeeze(node.name(), x, axes, node.declaredOutputOr(0, "the value of " + axes.get().ref())));
        }
        if (axes.isEmpty() && !x.type().isStatic()) {
            return List.of(new Squeeze(node.name(), x, axes, node.declaredOutputOr(0, "which dimensions of " + x.ref() + " are 1")));
        }
        return List.of(new Squeeze(node.name(), x, axes, node.output(0, Squeeze.infer(node.name(), x, known.orElse(null)))));
    }

    private static List<Node> unsqueeze(ConversionContext node) {
        Value x = node.input(0);
        Value axes = node.operandOrAttribute(1, "axes", 13).orElseThrow(() -> node.invalid("axes are required"));
        Optional<long[]> known = node.constantLongs(axes);
        if (known.isPresent()) {
            return List.of(new Unsqueeze(node.name(), x, axes, node.output(0, Unsqueeze.infer(node.name(), x, known.get()))));
        }
        int added = lengthOf(axes);
        if (added < 0) {
            return List.of(new Unsqueeze(node.name(), x, axes, node.declaredOutputOr(0, "the value of " + axes.ref())));
        }
        return List.of(new Unsqueeze(node.name(), x, axes, node.output(0, unknown(x.type().elementType(), x.type().rank() + added))));
    }

    /** start and end (opset 15) clamped to 0..rank. */
    private static List<Node> shape(ConversionContext node) {
        Value x = node.input(0);
        int rank = x.type().rank();
        long start = node.attributes().integer("start", 0);
        long end = node.attributes().integer("end", rank);
        int s = clampAxis(start, rank);
        int e = Math.max(s, clampAxis(end, rank));
        return List.of(new Shape(node.name(), x, node.output(0, Shape.infer(s, e)), s, e));
    }

    private static int clampAxis(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        return (int) Math.max(0, Math.min(rank, a));
    }

    private static List<Node> expand(ConversionContext node) {
        Value x = node.input(0);
        Value shape = node.input(1);
        Optional<long[]> known = node.constantLongs(shape);
        if (known.isPresent()) {
            return List.of(new Expand(node.name(), x, shape, node.output(0, Expand.infer(node.name(), x, known.get()))));
        }
        int n = lengthOf(shape);
        if (n < 0) {
            return List.of(new Expand(node.name(), x, shape, node.declaredOutputOr(0, "the value of " + shape.ref())));
        }
        return List.of(new Expand(node.name(), x, shape, node.output(0, unknown(x.type().elementType(), Math.max(n, x.type().rank())))));
    }

    /** repeats: an operand (opset 6 on); opset 1's tiles and axis operands are unsupported. */
    private static List<Node> tile(ConversionContext node) {
        if (node.opset() < 6) {
            throw node.unsupported(UnsupportedModelException.Kind.OPERATOR, null, "Tile before opset 6 (tiles and axis operands)");
        }
        Value x = node.input(0);
        Value repeats = node.input(1);
        TensorType t = node.constantLongs(repeats).map(r -> Tile.infer(node.name(), x, r))
                .orElseGet(() -> unknown(x.type().elementType(), x.type().rank()));
        return List.of(new Tile(node.name(), x, repeats, node.output(0, t)));
    }

    private static List<Node> constantOfShape(ConversionContext node) {
        Value shape = node.input(0);
        Tensor value = node.attributes().tensor("value").map(node::tensorOf).orElse(Tensor.scalar(ElementType.FLOAT, 0));
        if (value.size() != 1) {
            throw node.invalid("attribute value must hold one element, not " + value.type().text());
        }
        Optional<long[]> known = node.constantLongs(shape);
        if (known.isPresent()) {
            return List.of(new ConstantOfShape(node.name(), shape, node.output(0, ConstantOfShape.infer(node.name(), value,
                    known.get())), value));
        }
        int n = lengthOf(shape);
        Value y = n < 0 ? node.declaredOutputOr(0, "the value of " + shape.ref()) : node.output(0, unknown(value.elementType(), n));
        return List.of(new ConstantOfShape(node.name(), shape, y, value));
    }

    private static List<Node> range(ConversionContext node) {
        Value start = node.input(0);
        Value limit = node.input(1);
        Value delta = node.input(2);
        Optional<Tensor> s = node.constant(start);
        Optional<Tensor> l = node.constant(limit);
        Optional<Tensor> d = node.constant(delta);
        int n = s.isPresent() && l.isPresent() && d.isPresent()
                ? Range.count(node.name(), s.get().getDouble(0), l.get().getDouble(0), d.get().getDouble(0)) : TensorType.UNKNOWN;
        return List.of(new Range(node.name(), start, limit, delta, node.output(0, TensorType.of(start.type().elementType(), n))));
    }

    /** to: an ONNX type code (a string before opset 6); saturate (opset 19) matters only for 8-bit floats. */
    private static List<Node> cast(ConversionContext node) {
        Value x = node.input(0);
        ElementType to;
        if (node.opset() < 6) {
            String name = node.attributes().string("to", "");
            to = OnnxTypes.elementType(typeCode(name)).orElseThrow(() -> node.unsupported(
                    UnsupportedModelException.Kind.ELEMENT_TYPE, "to", "cast to " + name + " is not supported"));
        } else {
            long code = node.attributes().integer("to", -1);
            to = OnnxTypes.elementType((int) code).orElseThrow(() -> node.unsupported(
                    UnsupportedModelException.Kind.ELEMENT_TYPE, "to", "cast to " + OnnxTypes.typeName((int) code) + " is not supported"));
        }
        node.attributes().ignore("saturate");
        return List.of(new Cast(node.name(), x, node.output(0, x.type().withElementType(to))));
    }

    private static int typeCode(String name) {
        ai.onnx.proto.OnnxMl.TensorProto.DataType[] all = ai.onnx.proto.OnnxMl.TensorProto.DataType.values();
        for (ai.onnx.proto.OnnxMl.TensorProto.DataType t : all) {
            if (t.name().equals(name)) {
                return t.getNumber();
            }
        }
        return 0;
    }

    private static List<Node> castLike(ConversionContext node) {
        Value x = node.input(0);
        Value like = node.input(1);
        node.attributes().ignore("saturate");
        return List.of(new Cast(node.name(), x, node.output(0, x.type().withElementType(like.type().elementType()))));
    }
}
