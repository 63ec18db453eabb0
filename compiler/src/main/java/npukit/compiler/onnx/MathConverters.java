package npukit.compiler.onnx;

import java.util.List;
import java.util.Map;
import npukit.compiler.ir.Add;
import npukit.compiler.ir.Gemm;
import npukit.compiler.ir.MatMul;
import npukit.compiler.ir.MatMulInteger;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.QLinearMatMul;
import npukit.compiler.ir.Value;

/** Gemm, MatMul, Add and the integer matmuls. */
final class MathConverters {

    private MathConverters() {
    }

    static void register(Map<String, OpConverter> registry) {
        registry.put("Gemm", MathConverters::gemm);
        registry.put("MatMul", MathConverters::matMul);
        registry.put("Add", MathConverters::add);
        registry.put("MatMulInteger", MathConverters::matMulInteger);
        registry.put("QLinearMatMul", MathConverters::qlinearMatMul);
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

    private static List<Node> add(ConversionContext node) {
        Value x = node.input(0);
        Value w = node.input(1);
        return List.of(new Add(node.name(), x, w, node.output(0, Add.infer(node.name(), x, w))));
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
