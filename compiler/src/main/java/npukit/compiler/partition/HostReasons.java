package npukit.compiler.partition;

import npukit.compiler.lower.DynamicMatMul;
import npukit.compiler.ir.ArgReduce;
import npukit.compiler.ir.AveragePool;
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.Cast;
import npukit.compiler.ir.Clip;
import npukit.compiler.ir.Concat;
import npukit.compiler.ir.Constant;
import npukit.compiler.ir.ConstantOfShape;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ConvTranspose2d;
import npukit.compiler.ir.CumSum;
import npukit.compiler.ir.DefaultNodeVisitor;
import npukit.compiler.ir.DepthToSpace;
import npukit.compiler.ir.DequantizeLinear;
import npukit.compiler.ir.DynamicQuantizeLinear;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.ElementwiseUnary;
import npukit.compiler.ir.Expand;
import npukit.compiler.ir.Flatten;
import npukit.compiler.ir.Gather;
import npukit.compiler.ir.GatherElements;
import npukit.compiler.ir.Gemm;
import npukit.compiler.ir.GlobalAveragePool;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Identity;
import npukit.compiler.ir.LogSoftmax;
import npukit.compiler.ir.MatMul;
import npukit.compiler.ir.MaxPool;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.OnnxRuntimeOp;
import npukit.compiler.ir.Pad;
import npukit.compiler.ir.QuantizeLinear;
import npukit.compiler.ir.Range;
import npukit.compiler.ir.Reduce;
import npukit.compiler.ir.Reshape;
import npukit.compiler.ir.Resize;
import npukit.compiler.ir.Shape;
import npukit.compiler.ir.Size;
import npukit.compiler.ir.Slice;
import npukit.compiler.ir.Softmax;
import npukit.compiler.ir.SpaceToDepth;
import npukit.compiler.ir.Split;
import npukit.compiler.ir.Squeeze;
import npukit.compiler.ir.Tile;
import npukit.compiler.ir.Transpose;
import npukit.compiler.ir.Trilu;
import npukit.compiler.ir.Unsqueeze;
import npukit.compiler.lower.MaxPoolRows;

/** Why a node runs on the host: the report tells the user what the NPU did not do. */
final class HostReasons extends DefaultNodeVisitor<String> {

    static final String SOFTMAX = "exp and log have no NPU unit; float on the host";
    static final String POOLING = "pooling runs on the host";
    static final String MOVEMENT = "data movement on the host";
    static final String SHAPES = "shape computation on the host";
    static final String REDUCTION = "reductions run on the host";
    static final String CONVERSION = "conversion between float and codes on the host";
    /** The reason of an ONNX operator the IR has no node for. */
    static final String ONNX_RUNTIME = "run by ONNX Runtime";

    private final Graph graph;
    // Why a one-input function a lookup table could map stays on the host, on a chip that has one; null otherwise.
    private final String tableRefusal;

    private HostReasons(Graph graph, String tableRefusal) {
        this.graph = graph;
        this.tableRefusal = tableRefusal;
    }

    static String of(Node n, Graph graph) {
        return of(n, graph, null);
    }

    /** As {@link #of(Node, Graph)}; {@code tableRefusal}, if not null, is why a table does not take such a function. */
    static String of(Node n, Graph graph, String tableRefusal) {
        return n.accept(new HostReasons(graph, tableRefusal));
    }

    /** A function a lookup table could map says why it did not: the chip's refusal, or that no layer's output it is. */
    @Override
    public String visit(ElementwiseUnary n) {
        if (tableRefusal == null || !LayerMatcher.isActivation(n.function())) {
            return otherwise(n);
        }
        return tableRefusal.isEmpty() ? n.op() + " fuses only after a Conv, Gemm or MatMul (and ReLU, or a constant"
                + " shift) whose output only it reads; float on the host" : tableRefusal;
    }

    @Override
    protected String otherwise(Node n) {
        return n.op() + " has no NPU lowering; float on the host";
    }

    /**
     * Other binary ops have no NPU lowering; an Add has one where it is a residual (LayerMatcher), a Mul of two
     * activations where it is a channel gate (ChannelGate).
     */
    @Override
    public String visit(ElementwiseBinary n) {
        if (n.function() == BinaryFunction.MUL && graph.constantValue(n.a().name()).isEmpty()
                && graph.constantValue(n.b().name()).isEmpty()) {
            return "not a channel gate (an [N, C, H, W] activation times an [N, C, 1, 1] one, which the array runs as a"
                    + " depthwise product); float on the host";
        }
        // An Add of a constant is a shift, which a product's bias absorbs only where it follows one (LayerMatcher).
        if (n.function() != BinaryFunction.ADD || graph.constantValue(n.a().name()).isPresent()
                || graph.constantValue(n.b().name()).isPresent()) {
            return otherwise(n);
        }
        return "not a residual: the NPU adds one in the accumulators of the convolution or dense layer whose output"
                + " only this Add reads, the other operand an activation of the same shape computed before that layer,"
                + " when only products and Adds read the sum (a graph output or a float op keeps it in float); float on"
                + " the host";
    }

    @Override
    public String visit(Softmax n) {
        return SOFTMAX;
    }

    @Override
    public String visit(LogSoftmax n) {
        return SOFTMAX;
    }

    @Override
    public String visit(MaxPool n) {
        // Why the VALU does not take it: its window, or what it reads.
        return POOLING + ": " + MaxPoolRows.refusal(n).orElse("its input is not the output of one ungrouped"
                + " convolution that only it reads");
    }

    @Override
    public String visit(AveragePool n) {
        return POOLING;
    }

    @Override
    public String visit(GlobalAveragePool n) {
        return POOLING;
    }

    @Override
    public String visit(Clip n) {
        // Why it did not fuse: its bounds, or what it reads.
        return LayerMatcher.constantClip(n, graph).isEmpty() ? "its bounds vary or are not finite; float on the host"
                : "it fuses only after a Conv, Gemm or MatMul (and ReLU) whose output only it reads; float on the host";
    }

    @Override
    public String visit(Reshape n) {
        return MOVEMENT;
    }

    @Override
    public String visit(Flatten n) {
        return MOVEMENT;
    }

    @Override
    public String visit(Transpose n) {
        return MOVEMENT;
    }

    @Override
    public String visit(Concat n) {
        return MOVEMENT;
    }

    @Override
    public String visit(Identity n) {
        return MOVEMENT;
    }

    @Override
    public String visit(Squeeze n) {
        return MOVEMENT;
    }

    @Override
    public String visit(Unsqueeze n) {
        return MOVEMENT;
    }

    @Override
    public String visit(Slice n) {
        return MOVEMENT;
    }

    @Override
    public String visit(Split n) {
        return MOVEMENT;
    }

    @Override
    public String visit(Gather n) {
        return MOVEMENT;
    }

    @Override
    public String visit(GatherElements n) {
        return MOVEMENT;
    }

    @Override
    public String visit(Tile n) {
        return MOVEMENT;
    }

    @Override
    public String visit(Expand n) {
        return MOVEMENT;
    }

    @Override
    public String visit(Pad n) {
        return MOVEMENT;
    }

    @Override
    public String visit(DepthToSpace n) {
        return MOVEMENT;
    }

    @Override
    public String visit(SpaceToDepth n) {
        return MOVEMENT;
    }

    @Override
    public String visit(Trilu n) {
        return MOVEMENT;
    }

    @Override
    public String visit(Resize n) {
        return "resampling runs on the host";
    }

    @Override
    public String visit(Shape n) {
        return SHAPES;
    }

    @Override
    public String visit(Size n) {
        return SHAPES;
    }

    @Override
    public String visit(ConstantOfShape n) {
        return SHAPES;
    }

    @Override
    public String visit(Range n) {
        return SHAPES;
    }

    @Override
    public String visit(Reduce n) {
        return REDUCTION;
    }

    @Override
    public String visit(ArgReduce n) {
        return REDUCTION;
    }

    @Override
    public String visit(CumSum n) {
        return REDUCTION;
    }

    @Override
    public String visit(Cast n) {
        return "type conversion on the host";
    }

    @Override
    public String visit(QuantizeLinear n) {
        return CONVERSION;
    }

    @Override
    public String visit(DequantizeLinear n) {
        return CONVERSION;
    }

    @Override
    public String visit(DynamicQuantizeLinear n) {
        return "quantization parameters computed at run time on the host";
    }

    @Override
    public String visit(Constant n) {
        return "constant";
    }

    @Override
    public String visit(Conv2d n) {
        return "weights or bias are not constant, or the input is not a static NCHW image";
    }

    @Override
    public String visit(ConvTranspose2d n) {
        return "transposed convolution the phase rewrite does not take (unequal strides, pads wider than the "
                + "kernel, non-constant weights, or not a static NCHW image)";
    }

    @Override
    public String visit(Gemm n) {
        return n.transA() ? "Gemm with transA is not lowered" : "weights or bias are not constant";
    }

    @Override
    public String visit(MatMul n) {
        return graph.constantValue(n.b().name()).isEmpty()
                ? DynamicMatMul.refusal(n).orElse("both operands vary") : "batched MatMul is not lowered";
    }

    @Override
    public String visit(OnnxRuntimeOp n) {
        return n.reason() + "; " + ONNX_RUNTIME;
    }
}
