package npukit.compiler.ir;

/** One method per operator: how interpreters, printers and passes dispatch on a node's kind. */
public interface NodeVisitor<R> {
    R visit(Conv2d n);
    R visit(Gemm n);
    R visit(MatMul n);
    R visit(Add n);
    R visit(Relu n);
    R visit(Clip n);
    R visit(LeakyRelu n);
    R visit(MaxPool n);
    R visit(AveragePool n);
    R visit(GlobalAveragePool n);
    R visit(BatchNormalization n);
    R visit(Flatten n);
    R visit(Reshape n);
    R visit(Transpose n);
    R visit(Concat n);
    R visit(Softmax n);
    R visit(LogSoftmax n);
    R visit(QuantizeLinear n);
    R visit(DequantizeLinear n);
    R visit(QLinearConv n);
    R visit(QLinearMatMul n);
    R visit(ConvInteger n);
    R visit(MatMulInteger n);
    R visit(Constant n);
}
