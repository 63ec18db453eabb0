package npukit.compiler.ir;

/**
 * One method per node type: how interpreters, printers and passes dispatch on a node's kind. A family
 * record (element-wise functions, reductions) has one method; its function says which operator it is.
 */
public interface NodeVisitor<R> {
    R visit(Conv2d n);
    R visit(ConvTranspose2d n);
    R visit(Gemm n);
    R visit(MatMul n);
    R visit(ElementwiseUnary n);
    R visit(ElementwiseBinary n);
    R visit(Where n);
    R visit(Clip n);
    R visit(MaxPool n);
    R visit(AveragePool n);
    R visit(GlobalAveragePool n);
    R visit(BatchNormalization n);
    R visit(InstanceNormalization n);
    R visit(LayerNormalization n);
    R visit(Flatten n);
    R visit(Reshape n);
    R visit(Transpose n);
    R visit(Concat n);
    R visit(Softmax n);
    R visit(LogSoftmax n);
    R visit(Identity n);
    R visit(Cast n);
    R visit(Shape n);
    R visit(Size n);
    R visit(Reduce n);
    R visit(ArgReduce n);
    R visit(Gather n);
    R visit(GatherElements n);
    R visit(Slice n);
    R visit(Split n);
    R visit(Squeeze n);
    R visit(Unsqueeze n);
    R visit(Tile n);
    R visit(Expand n);
    R visit(ConstantOfShape n);
    R visit(Range n);
    R visit(Pad n);
    R visit(Resize n);
    R visit(DepthToSpace n);
    R visit(SpaceToDepth n);
    R visit(Trilu n);
    R visit(CumSum n);
    R visit(QuantizeLinear n);
    R visit(DequantizeLinear n);
    R visit(DynamicQuantizeLinear n);
    R visit(QLinearConv n);
    R visit(QLinearMatMul n);
    R visit(ConvInteger n);
    R visit(MatMulInteger n);
    R visit(Constant n);
    R visit(OnnxRuntimeOp n);
}
