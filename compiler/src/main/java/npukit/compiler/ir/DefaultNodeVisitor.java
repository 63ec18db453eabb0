package npukit.compiler.ir;

/**
 * A visitor that treats every node alike unless a method is overridden: for dispatches that single
 * out a few kinds (the rest fall to {@link #otherwise}).
 */
public abstract class DefaultNodeVisitor<R> implements NodeVisitor<R> {

    /** The result for every node kind not overridden. */
    protected abstract R otherwise(Node n);

    @Override
    public R visit(Conv2d n) {
        return otherwise(n);
    }

    @Override
    public R visit(ConvTranspose2d n) {
        return otherwise(n);
    }

    @Override
    public R visit(Gemm n) {
        return otherwise(n);
    }

    @Override
    public R visit(MatMul n) {
        return otherwise(n);
    }

    @Override
    public R visit(ElementwiseUnary n) {
        return otherwise(n);
    }

    @Override
    public R visit(ElementwiseBinary n) {
        return otherwise(n);
    }

    @Override
    public R visit(Where n) {
        return otherwise(n);
    }

    @Override
    public R visit(Clip n) {
        return otherwise(n);
    }

    @Override
    public R visit(MaxPool n) {
        return otherwise(n);
    }

    @Override
    public R visit(AveragePool n) {
        return otherwise(n);
    }

    @Override
    public R visit(GlobalAveragePool n) {
        return otherwise(n);
    }

    @Override
    public R visit(BatchNormalization n) {
        return otherwise(n);
    }

    @Override
    public R visit(InstanceNormalization n) {
        return otherwise(n);
    }

    @Override
    public R visit(LayerNormalization n) {
        return otherwise(n);
    }

    @Override
    public R visit(Flatten n) {
        return otherwise(n);
    }

    @Override
    public R visit(Reshape n) {
        return otherwise(n);
    }

    @Override
    public R visit(Transpose n) {
        return otherwise(n);
    }

    @Override
    public R visit(Concat n) {
        return otherwise(n);
    }

    @Override
    public R visit(Softmax n) {
        return otherwise(n);
    }

    @Override
    public R visit(LogSoftmax n) {
        return otherwise(n);
    }

    @Override
    public R visit(Identity n) {
        return otherwise(n);
    }

    @Override
    public R visit(Cast n) {
        return otherwise(n);
    }

    @Override
    public R visit(Shape n) {
        return otherwise(n);
    }

    @Override
    public R visit(Size n) {
        return otherwise(n);
    }

    @Override
    public R visit(Reduce n) {
        return otherwise(n);
    }

    @Override
    public R visit(ArgReduce n) {
        return otherwise(n);
    }

    @Override
    public R visit(Gather n) {
        return otherwise(n);
    }

    @Override
    public R visit(GatherElements n) {
        return otherwise(n);
    }

    @Override
    public R visit(Slice n) {
        return otherwise(n);
    }

    @Override
    public R visit(Split n) {
        return otherwise(n);
    }

    @Override
    public R visit(Squeeze n) {
        return otherwise(n);
    }

    @Override
    public R visit(Unsqueeze n) {
        return otherwise(n);
    }

    @Override
    public R visit(Tile n) {
        return otherwise(n);
    }

    @Override
    public R visit(Expand n) {
        return otherwise(n);
    }

    @Override
    public R visit(ConstantOfShape n) {
        return otherwise(n);
    }

    @Override
    public R visit(Range n) {
        return otherwise(n);
    }

    @Override
    public R visit(Pad n) {
        return otherwise(n);
    }

    @Override
    public R visit(Resize n) {
        return otherwise(n);
    }

    @Override
    public R visit(DepthToSpace n) {
        return otherwise(n);
    }

    @Override
    public R visit(SpaceToDepth n) {
        return otherwise(n);
    }

    @Override
    public R visit(Trilu n) {
        return otherwise(n);
    }

    @Override
    public R visit(CumSum n) {
        return otherwise(n);
    }

    @Override
    public R visit(QuantizeLinear n) {
        return otherwise(n);
    }

    @Override
    public R visit(DequantizeLinear n) {
        return otherwise(n);
    }

    @Override
    public R visit(DynamicQuantizeLinear n) {
        return otherwise(n);
    }

    @Override
    public R visit(QLinearConv n) {
        return otherwise(n);
    }

    @Override
    public R visit(QLinearMatMul n) {
        return otherwise(n);
    }

    @Override
    public R visit(ConvInteger n) {
        return otherwise(n);
    }

    @Override
    public R visit(MatMulInteger n) {
        return otherwise(n);
    }

    @Override
    public R visit(Constant n) {
        return otherwise(n);
    }

    @Override
    public R visit(OnnxRuntimeOp n) {
        return otherwise(n);
    }
}
