package npukit.compiler.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import npukit.compiler.ir.Concat;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Flatten;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Reshape;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Transpose;
import npukit.compiler.ir.Value;

/** Flatten, Reshape, Transpose and Concat: operators that move elements without computing. */
final class ShapeConverters {

    private ShapeConverters() {
    }

    static void register(Map<String, OpConverter> registry) {
        registry.put("Flatten", ShapeConverters::flatten);
        registry.put("Reshape", ShapeConverters::reshape);
        registry.put("Transpose", ShapeConverters::transpose);
        registry.put("Concat", ShapeConverters::concat);
    }

    /** An ONNX axis in [-rank, rank + extra) made non-negative. */
    static int axis(ConversionContext node, String attribute, long axis, int rank, int extra) {
        if (axis < -rank || axis >= rank + extra) {
            throw node.invalid("attribute " + attribute + " = " + axis + " is out of range for rank " + rank);
        }
        return (int) (axis < 0 ? axis + rank : axis);
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
        Value shape = node.opset() < 5
                ? node.newInitializer("shape", shapeTensor(node.attributes().ints("shape")
                        .orElseThrow(() -> node.invalid("attribute shape is required before opset 5"))))
                : node.input(1);
        TensorType inferred = node.constant(shape)
                .map(t -> Reshape.infer(node.name(), x, t.toLongs(), allowZero))
                .orElseGet(() -> unknownOfRank(x.type().elementType(), shape));
        return List.of(new Reshape(node.name(), x, shape, node.output(0, inferred), allowZero));
    }

    private static TensorType unknownOfRank(ElementType e, Value shape) {
        int rank = shape.type().dim(0);
        if (rank == TensorType.UNKNOWN) {
            throw new npukit.compiler.ir.IrException("the target shape " + shape.text() + " has no known length");
        }
        int[] dims = new int[rank];
        java.util.Arrays.fill(dims, TensorType.UNKNOWN);
        return TensorType.of(e, dims);
    }

    static Tensor shapeTensor(long[] dims) {
        return Tensor.of(TensorType.of(ElementType.INT64, dims.length), dims);
    }

    private static List<Node> transpose(ConversionContext node) {
        Value x = node.input(0);
        int rank = x.type().rank();
        List<Integer> perm = new ArrayList<>();
        long[] given = node.attributes().ints("perm").orElse(null);
        for (int i = 0; i < rank; i++) {
            perm.add(given == null ? rank - 1 - i : i < given.length ? (int) given[i] : -1);
        }
        if (given != null && given.length != rank) {
            throw node.invalid("perm has " + given.length + " entries for rank " + rank);
        }
        return List.of(new Transpose(node.name(), x, node.output(0, Transpose.infer(node.name(), x, perm)), perm));
    }

    private static List<Node> concat(ConversionContext node) {
        List<Value> xs = new ArrayList<>();
        for (int i = 0; node.optionalInput(i).isPresent(); i++) {
            xs.add(node.input(i));
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
}
