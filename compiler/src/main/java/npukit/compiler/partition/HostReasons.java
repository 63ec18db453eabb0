package npukit.compiler.partition;

import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.Gemm;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.MatMul;
import npukit.compiler.ir.Node;

/** Why a node runs on the host: the report tells the user what the NPU did not do. */
final class HostReasons {

    private HostReasons() {
    }

    static String of(Node n, Graph graph) {
        return switch (n.op()) {
            case "Softmax", "LogSoftmax" -> "exp and log have no NPU unit; float on the host";
            case "MaxPool", "AveragePool", "GlobalAveragePool" -> "pooling runs on the host";
            case "Reshape", "Flatten", "Transpose", "Concat" -> "data movement on the host";
            case "QuantizeLinear", "DequantizeLinear" -> "conversion between float and codes on the host";
            case "Constant" -> "constant";
            case "Conv2d" -> ((Conv2d) n).geometry().groups() != 1 ? "grouped convolution is not lowered to the array"
                    : "weights or bias are not constant";
            case "Gemm" -> ((Gemm) n).transA() ? "Gemm with transA is not lowered" : "weights or bias are not constant";
            case "MatMul" -> graph.constantValue(((MatMul) n).b().name()).isEmpty() ? "both operands vary"
                    : "batched MatMul is not lowered";
            default -> n.op() + " has no NPU lowering; float on the host";
        };
    }
}
