package npukit.compiler.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.Gemm;
import npukit.compiler.ir.Identity;
import npukit.compiler.ir.MatMul;
import npukit.compiler.ir.MatMulInteger;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.QLinearMatMul;
import npukit.compiler.ir.Reshape;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import npukit.compiler.ir.Where;

/**
 * Gemm, MatMul, the integer matmuls, the element-wise functions of two operands (arithmetic,
 * comparisons, logic, PRelu), Where, and the variadic Sum, Mean, Max and Min (lowered to chains of
 * binary nodes, Mean then divided by the operand count).
 */
final class MathConverters {

    private MathConverters() {
    }

    static void register(Map<String, OpConverter> registry) {
        registry.put("Gemm", MathConverters::gemm);
        registry.put("MatMul", MathConverters::matMul);
        registry.put("MatMulInteger", MathConverters::matMulInteger);
        registry.put("QLinearMatMul", MathConverters::qlinearMatMul);
        for (BinaryFunction f : List.of(BinaryFunction.ADD, BinaryFunction.SUB, BinaryFunction.MUL, BinaryFunction.DIV,
                BinaryFunction.POW, BinaryFunction.EQUAL, BinaryFunction.LESS, BinaryFunction.LESS_OR_EQUAL,
                BinaryFunction.GREATER, BinaryFunction.GREATER_OR_EQUAL, BinaryFunction.AND, BinaryFunction.OR,
                BinaryFunction.XOR, BinaryFunction.PRELU)) {
            registry.put(f.opName(), node -> binary(node, f));
        }
        registry.put("Mod", node -> binary(node, PoolConverters.flag(node, "fmod") ? BinaryFunction.FMOD : BinaryFunction.MOD));
        registry.put("BitShift", MathConverters::bitShift);
        registry.put("Sum", node -> variadic(node, BinaryFunction.ADD, false));
        registry.put("Mean", node -> variadic(node, BinaryFunction.ADD, true));
        registry.put("Max", node -> variadic(node, BinaryFunction.MAX, false));
        registry.put("Min", node -> variadic(node, BinaryFunction.MIN, false));
        registry.put("Where", MathConverters::where);
    }

    private static List<Node> gemm(ConversionContext node) {
        Attributes a = node.attributes();
        float alpha = a.real("alpha", 1f);
        float beta = a.real("beta", 1f);
        boolean transA = PoolConverters.flag(node, "transA");
        boolean transB = PoolConverters.flag(node, "transB");
        if (node.opset() < 7) {
            a.ignore("broadcast");
        }
        Value x = node.input(0);
        Value w = node.input(1);
        return List.of(new Gemm(node.name(), x, w, node.optionalInput(2),
                node.output(0, Gemm.infer(node.name(), x, w, transA, transB)), alpha, beta, transA, transB));
    }

    private static List<Node> matMul(ConversionContext node) {
        Value x = node.input(0);
        Value w = node.input(1);
        return List.of(new MatMul(node.name(), x, w, node.output(0, MatMul.infer(node.name(), x, w))));
    }

    /**
     * Before opset 7, binary operators broadcast only with {@code broadcast=1}, aligning b with a from
     * {@code axis}; b is then reshaped so that numpy broadcasting gives the same result.
     */
    private static List<Node> binary(ConversionContext node, BinaryFunction f) {
        Value a = node.input(0);
        Value b = node.input(1);
        List<Node> nodes = new ArrayList<>();
        if (node.opset() < 7) {
            node.attributes().ignore("consumed_inputs");
            b = f == BinaryFunction.PRELU ? legacySlope(node, a, b, nodes) : legacyBroadcast(node, a, b, nodes);
        }
        nodes.add(new ElementwiseBinary(node.name(), f, a, b, node.output(0, ElementwiseBinary.infer(node.name(), f, a, b))));
        return nodes;
    }

    private static Value legacyBroadcast(ConversionContext node, Value a, Value b, List<Node> nodes) {
        boolean broadcast = PoolConverters.flag(node, "broadcast");
        long axis = node.attributes().integer("axis", Long.MIN_VALUE);
        int ra = a.type().rank();
        int rb = b.type().rank();
        if (!broadcast || axis == Long.MIN_VALUE || axis + rb == ra) {
            return b;
        }
        int start = ShapeConverters.axis(node, "axis", axis, ra, 0);
        if (!b.type().isStatic() || start + rb > ra) {
            throw node.unsupported(UnsupportedModelException.Kind.SHAPE, "axis",
                    "legacy broadcasting of " + b.text() + " from axis " + axis + " of " + a.text());
        }
        long[] shape = new long[ra - start];
        java.util.Arrays.fill(shape, 1);
        for (int i = 0; i < rb; i++) {
            shape[i] = b.type().dim(i);
        }
        Value target = node.newInitializer("broadcast_shape", ShapeConverters.shapeTensor(shape));
        Value aligned = new Value(node.derivedName("aligned"), Reshape.infer(node.name(), b, shape, false));
        nodes.add(new Reshape(node.name() + "/align", b, target, aligned, false));
        return aligned;
    }

    /** Before opset 7 a PRelu slope of one value per channel applies along axis 1: reshaped to (C, 1, ...). */
    private static Value legacySlope(ConversionContext node, Value x, Value slope, List<Node> nodes) {
        int rank = x.type().rank();
        if (slope.type().rank() != 1 || rank < 3 || slope.type().dim(0) == 1 || slope.type().dim(0) == TensorType.UNKNOWN) {
            return slope;
        }
        long[] shape = new long[rank - 1];
        java.util.Arrays.fill(shape, 1);
        shape[0] = slope.type().dim(0);
        Value target = node.newInitializer("slope_shape", ShapeConverters.shapeTensor(shape));
        Value aligned = new Value(node.derivedName("slope"), Reshape.infer(node.name(), slope, shape, false));
        nodes.add(new Reshape(node.name() + "/slope", slope, target, aligned, false));
        return aligned;
    }

    private static List<Node> bitShift(ConversionContext node) {
        String direction = node.attributes().string("direction", "");
        BinaryFunction f = switch (direction) {
            case "LEFT" -> BinaryFunction.BIT_SHIFT_LEFT;
            case "RIGHT" -> BinaryFunction.BIT_SHIFT_RIGHT;
            default -> throw node.invalid("attribute direction must be LEFT or RIGHT, not '" + direction + "'");
        };
        return binary(node, f);
    }

    /** A chain of binary nodes over every operand; Mean divides the sum by the count. */
    private static List<Node> variadic(ConversionContext node, BinaryFunction f, boolean mean) {
        if (node.opset() < 6) {
            node.attributes().ignore("consumed_inputs");
        }
        List<Value> xs = new ArrayList<>();
        for (int i = 0; i < node.inputCount(); i++) {
            node.optionalInput(i).ifPresent(xs::add);
        }
        if (xs.isEmpty()) {
            throw node.invalid("needs at least one operand");
        }
        List<Node> nodes = new ArrayList<>();
        Value acc = xs.get(0);
        for (int i = 1; i < xs.size(); i++) {
            boolean last = i == xs.size() - 1 && !mean;
            TensorType t = ElementwiseBinary.infer(node.name(), f, acc, xs.get(i));
            Value out = last ? node.output(0, t) : new Value(node.derivedName("partial" + i), t);
            nodes.add(new ElementwiseBinary(last ? node.name() : node.name() + "/" + i, f, acc, xs.get(i), out));
            acc = out;
        }
        if (mean) {
            Value count = node.newInitializer("count", Tensor.scalar(acc.type().elementType(), xs.size()));
            nodes.add(new ElementwiseBinary(node.name(), BinaryFunction.DIV, acc, count,
                    node.output(0, ElementwiseBinary.infer(node.name(), BinaryFunction.DIV, acc, count))));
        } else if (xs.size() == 1) {
            nodes.add(new Identity(node.name(), acc, node.output(0, acc.type())));
        }
        return nodes;
    }

    private static List<Node> where(ConversionContext node) {
        Value c = node.input(0);
        Value a = node.input(1);
        Value b = node.input(2);
        return List.of(new Where(node.name(), c, a, b, node.output(0, Where.infer(node.name(), c, a, b))));
    }

    private static List<Node> matMulInteger(ConversionContext node) {
        Value x = node.input(0);
        Value w = node.input(1);
        return List.of(new MatMulInteger(node.name(), x, w, node.optionalInput(2), node.optionalInput(3),
                node.output(0, MatMulInteger.infer(node.name(), x, w))));
    }

    private static List<Node> qlinearMatMul(ConversionContext node) {
        Value x = node.input(0);
        Value w = node.input(3);
        Value yZeroPoint = node.input(7);
        return List.of(new QLinearMatMul(node.name(), x, node.input(1), node.input(2), w, node.input(4), node.input(5),
                node.input(6), yZeroPoint, node.output(0, QLinearMatMul.infer(node.name(), x, w, yZeroPoint))));
    }
}
