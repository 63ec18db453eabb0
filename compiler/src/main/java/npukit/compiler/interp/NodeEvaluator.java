package npukit.compiler.interp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.compiler.ir.ArgReduce;
import npukit.compiler.ir.AveragePool;
import npukit.compiler.ir.BatchNormalization;
import npukit.compiler.ir.Cast;
import npukit.compiler.ir.Clip;
import npukit.compiler.ir.Concat;
import npukit.compiler.ir.Constant;
import npukit.compiler.ir.ConstantOfShape;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ConvInteger;
import npukit.compiler.ir.ConvTranspose2d;
import npukit.compiler.ir.CumSum;
import npukit.compiler.ir.DepthToSpace;
import npukit.compiler.ir.DequantizeLinear;
import npukit.compiler.ir.DynamicQuantizeLinear;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.ElementwiseUnary;
import npukit.compiler.ir.Expand;
import npukit.compiler.ir.Flatten;
import npukit.compiler.ir.Gather;
import npukit.compiler.ir.GatherElements;
import npukit.compiler.ir.Gemm;
import npukit.compiler.ir.GlobalAveragePool;
import npukit.compiler.ir.Identity;
import npukit.compiler.ir.InstanceNormalization;
import npukit.compiler.ir.IrException;
import npukit.compiler.ir.LayerNormalization;
import npukit.compiler.ir.LogSoftmax;
import npukit.compiler.ir.MatMul;
import npukit.compiler.ir.MatMulInteger;
import npukit.compiler.ir.MaxPool;
import npukit.compiler.ir.NodeVisitor;
import npukit.compiler.ir.OnnxRuntimeOp;
import npukit.compiler.ir.Pad;
import npukit.compiler.ir.QLinearConv;
import npukit.compiler.ir.QLinearMatMul;
import npukit.compiler.ir.QuantizeLinear;
import npukit.compiler.ir.Range;
import npukit.compiler.ir.Reduce;
import npukit.compiler.ir.Reshape;
import npukit.compiler.ir.Resize;
import npukit.compiler.ir.Shape;
import npukit.compiler.ir.Shapes;
import npukit.compiler.ir.Size;
import npukit.compiler.ir.Slice;
import npukit.compiler.ir.Softmax;
import npukit.compiler.ir.SpaceToDepth;
import npukit.compiler.ir.Split;
import npukit.compiler.ir.Squeeze;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Tile;
import npukit.compiler.ir.Transpose;
import npukit.compiler.ir.Trilu;
import npukit.compiler.ir.Unsqueeze;
import npukit.compiler.ir.Value;
import npukit.compiler.ir.Where;

/** Computes one node's outputs from the tensors computed so far; each operator delegates to its kernel. */
final class NodeEvaluator implements NodeVisitor<List<Tensor>> {

    private final Map<String, Tensor> env;
    private final OnnxRuntimeKernel onnxRuntime;

    NodeEvaluator(Map<String, Tensor> env, OnnxRuntimeKernel onnxRuntime) {
        this.env = env;
        this.onnxRuntime = onnxRuntime;
    }

    private Tensor t(Value v) {
        return env.get(v.name());
    }

    private Tensor t(Optional<Value> v) {
        return v.map(this::t).orElse(null);
    }

    private long[] longs(Optional<Value> v) {
        return v.map(x -> t(x).toLongs()).orElse(null);
    }

    private static List<Tensor> one(Tensor t) {
        return List.of(t);
    }

    private static List<Tensor> floats(int[] shape, double[] values) {
        return one(Tensor.fromDoubles(TensorType.of(ElementType.FLOAT, shape), values));
    }

    /** A shape rule evaluated on run-time operand values; its IrException names the node. */
    private static <T> T rule(java.util.function.Supplier<T> s) {
        try {
            return s.get();
        } catch (IrException e) {
            throw new InterpreterException(e.getMessage());
        }
    }

    private static int[] dims(Tensor t) {
        return Indexing.dims(t.shape());
    }

    @Override
    public List<Tensor> visit(Conv2d n) {
        Tensor w = t(n.w());
        ConvKernel.Result r = ConvKernel.convolve(t(n.x()).toDoubles(), dims(t(n.x())), n.x().type().layout(),
                w.toDoubles(), dims(w), n.bias().map(b -> t(b).toDoubles()).orElse(null), n.geometry());
        return floats(r.shape().shape(), r.values());
    }

    @Override
    public List<Tensor> visit(ConvTranspose2d n) {
        Tensor x = t(n.x());
        int[] xs = dims(x);
        TensorType out = rule(() -> ConvTranspose2d.infer(n.name(), new Value(n.x().name(), n.x().type().withShape(x.shape())),
                n.w(), n.geometry(), n.outputPaddingH(), n.outputPaddingW()));
        double[] y = ConvKernel.transposed(x.toDoubles(), xs, t(n.w()).toDoubles(), dims(t(n.w())),
                n.bias().map(b -> t(b).toDoubles()).orElse(null), n.geometry(), out.dim(2), out.dim(3));
        return floats(Indexing.dims(out.shape()), y);
    }

    @Override
    public List<Tensor> visit(Gemm n) {
        Tensor a = t(n.a());
        Tensor b = t(n.b());
        int[] as = dims(a);
        int[] bs = dims(b);
        int m = n.transA() ? as[1] : as[0];
        int k = n.transA() ? as[0] : as[1];
        int cols = n.transB() ? bs[0] : bs[1];
        int[] out = {m, cols};
        Tensor c = t(n.c());
        int[] cMap = c == null ? null : Indexing.broadcastMap(out, dims(c));
        double[] av = a.toDoubles();
        double[] bv = b.toDoubles();
        double[] cv = c == null ? null : c.toDoubles();
        double[] y = new double[m * cols];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < cols; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += av[n.transA() ? p * m + i : i * k + p] * bv[n.transB() ? j * k + p : p * cols + j];
                }
                double r = (double) n.alpha() * sum;
                if (cv != null) {
                    int at = i * cols + j;
                    r += (double) n.beta() * cv[cMap == null ? at : cMap[at]];
                }
                y[i * cols + j] = r;
            }
        }
        return one(Tensor.fromDoubles(TensorType.of(n.y().type().elementType(), out), y));
    }

    @Override
    public List<Tensor> visit(MatMul n) {
        Tensor a = t(n.a());
        Tensor b = t(n.b());
        if (a.elementType().isFloating()) {
            MatMulKernel.Result r = MatMulKernel.matmul(a.toDoubles(), dims(a), b.toDoubles(), dims(b));
            return one(Tensor.fromDoubles(TensorType.of(a.elementType(), r.shape()), r.values()));
        }
        MatMulKernel.ExactResult r = MatMulKernel.matmulExact(a.toLongs(), dims(a), b.toLongs(), dims(b));
        long[] v = r.values();
        for (int i = 0; i < v.length; i++) {
            v[i] = a.elementType().wrap(v[i]);
        }
        return one(Tensor.fromLongs(TensorType.of(a.elementType(), r.shape()), v));
    }

    @Override
    public List<Tensor> visit(ElementwiseUnary n) {
        return one(ElementwiseKernel.unary(n.function(), t(n.x())));
    }

    @Override
    public List<Tensor> visit(ElementwiseBinary n) {
        return one(ElementwiseKernel.binary(n.function(), t(n.a()), t(n.b())));
    }

    @Override
    public List<Tensor> visit(Where n) {
        return one(ElementwiseKernel.where(t(n.condition()), t(n.a()), t(n.b())));
    }

    @Override
    public List<Tensor> visit(Clip n) {
        return one(ElementwiseKernel.clip(t(n.x()), t(n.min()), t(n.max())));
    }

    @Override
    public List<Tensor> visit(MaxPool n) {
        Tensor x = t(n.x());
        PoolKernel.Result r = PoolKernel.pool(x.toDoubles(), dims(x), n.x().type().layout(), n.window(), PoolKernel.Reduction.MAX);
        return one(Tensor.fromDoubles(TensorType.of(x.elementType(), r.shape().shape()), r.values()));
    }

    @Override
    public List<Tensor> visit(AveragePool n) {
        Tensor x = t(n.x());
        PoolKernel.Result r = PoolKernel.pool(x.toDoubles(), dims(x), n.x().type().layout(), n.window(),
                n.countIncludePad() ? PoolKernel.Reduction.AVERAGE_INCLUDE_PAD : PoolKernel.Reduction.AVERAGE_EXCLUDE_PAD);
        return floats(r.shape().shape(), r.values());
    }

    @Override
    public List<Tensor> visit(GlobalAveragePool n) {
        return one(NormalizationKernel.globalAveragePool(t(n.x()), n.x().type().layout()));
    }

    @Override
    public List<Tensor> visit(BatchNormalization n) {
        return one(NormalizationKernel.batchNorm(t(n.x()), t(n.scale()), t(n.bias()), t(n.mean()), t(n.var()), n.epsilon()));
    }

    @Override
    public List<Tensor> visit(InstanceNormalization n) {
        return one(NormalizationKernel.instanceNorm(t(n.x()), t(n.scale()), t(n.bias()), n.epsilon()));
    }

    @Override
    public List<Tensor> visit(LayerNormalization n) {
        List<Tensor> all = NormalizationKernel.layerNorm(t(n.x()), t(n.scale()), t(n.bias()), n.axis(), n.epsilon());
        List<Tensor> out = new ArrayList<>(List.of(all.get(0)));
        n.mean().ifPresent(m -> out.add(all.get(1)));
        n.invStdDev().ifPresent(s -> out.add(all.get(2)));
        return out;
    }

    @Override
    public List<Tensor> visit(Flatten n) {
        List<Integer> s = t(n.x()).shape();
        return one(MovementKernel.reshape(t(n.x()), List.of(Shapes.product(s, 0, n.axis()), Shapes.product(s, n.axis(), s.size()))));
    }

    @Override
    public List<Tensor> visit(Reshape n) {
        Tensor x = t(n.x());
        Value runtime = new Value(n.x().name(), x.type());
        TensorType out = rule(() -> Reshape.infer(n.name(), runtime, t(n.shape()).toLongs(), n.allowZero()));
        if (!out.isStatic() || out.elementCount() != x.size()) {
            throw new InterpreterException("Reshape " + n.name() + ": cannot reshape " + x.type().text() + " to "
                    + java.util.Arrays.toString(t(n.shape()).toLongs()));
        }
        return one(MovementKernel.reshape(x, out.shape()));
    }

    @Override
    public List<Tensor> visit(Transpose n) {
        return one(MovementKernel.transpose(t(n.x()), n.perm()));
    }

    @Override
    public List<Tensor> visit(Concat n) {
        return one(MovementKernel.concat(n.xs().stream().map(this::t).toList(), n.axis()));
    }

    @Override
    public List<Tensor> visit(Softmax n) {
        return one(NormalizationKernel.softmax(t(n.x()), n.axis(), false));
    }

    @Override
    public List<Tensor> visit(LogSoftmax n) {
        return one(NormalizationKernel.softmax(t(n.x()), n.axis(), true));
    }

    @Override
    public List<Tensor> visit(Identity n) {
        return one(t(n.x()));
    }

    @Override
    public List<Tensor> visit(Cast n) {
        return one(ElementwiseKernel.cast(t(n.x()), n.y().type().elementType()));
    }

    @Override
    public List<Tensor> visit(Shape n) {
        List<Integer> s = t(n.x()).shape();
        long[] dims = new long[n.end() - n.start()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = s.get(n.start() + i);
        }
        return one(Tensor.ofLongs(dims));
    }

    @Override
    public List<Tensor> visit(Size n) {
        return one(Tensor.of(TensorType.of(ElementType.INT64), new long[] {t(n.x()).size()}));
    }

    @Override
    public List<Tensor> visit(Reduce n) {
        Tensor x = t(n.x());
        long[] axes = longs(n.axes());
        boolean[] reduced = rule(() -> Reduce.reducedAxes(n.op(), n.name(), x.shape().size(), axes, n.noopWithEmptyAxes()));
        return one(ReduceKernel.reduce(n.function(), x, reduced, n.keepDims()));
    }

    @Override
    public List<Tensor> visit(ArgReduce n) {
        return one(ReduceKernel.argReduce(t(n.x()), n.axis(), n.largest(), n.keepDims(), n.selectLastIndex()));
    }

    @Override
    public List<Tensor> visit(Gather n) {
        return one(MovementKernel.gather(t(n.x()), t(n.indices()), n.axis()));
    }

    @Override
    public List<Tensor> visit(GatherElements n) {
        return one(MovementKernel.gatherElements(t(n.x()), t(n.indices()), n.axis()));
    }

    @Override
    public List<Tensor> visit(Slice n) {
        Tensor x = t(n.x());
        Slice.Window w = rule(() -> Slice.window(n.name(), x.shape(), t(n.starts()).toLongs(), t(n.ends()).toLongs(),
                longs(n.axes()), longs(n.steps())));
        return one(MovementKernel.slice(x, w));
    }

    @Override
    public List<Tensor> visit(Split n) {
        Tensor x = t(n.x());
        long[] lengths = rule(() -> Split.lengths(n.name(), x.shape().get(n.axis()), longs(n.split()), n.ys().size()));
        if (lengths.length != n.ys().size()) {
            throw new InterpreterException("Split " + n.name() + ": " + lengths.length + " lengths for " + n.ys().size() + " outputs");
        }
        return MovementKernel.split(x, n.axis(), lengths);
    }

    @Override
    public List<Tensor> visit(Squeeze n) {
        Tensor x = t(n.x());
        TensorType out = rule(() -> Squeeze.infer(n.name(), new Value(n.x().name(), x.type()), longs(n.axes())));
        return one(MovementKernel.reshape(x, out.shape()));
    }

    @Override
    public List<Tensor> visit(Unsqueeze n) {
        Tensor x = t(n.x());
        TensorType out = rule(() -> Unsqueeze.infer(n.name(), new Value(n.x().name(), x.type()), t(n.axes()).toLongs()));
        return one(MovementKernel.reshape(x, out.shape()));
    }

    @Override
    public List<Tensor> visit(Tile n) {
        Tensor x = t(n.x());
        long[] repeats = t(n.repeats()).toLongs();
        rule(() -> Tile.infer(n.name(), new Value(n.x().name(), x.type()), repeats));
        return one(MovementKernel.tile(x, repeats));
    }

    @Override
    public List<Tensor> visit(Expand n) {
        Tensor x = t(n.x());
        long[] shape = t(n.shape()).toLongs();
        TensorType out = rule(() -> Expand.infer(n.name(), new Value(n.x().name(), x.type()), shape));
        return one(MovementKernel.expand(x, Indexing.dims(out.shape())));
    }

    @Override
    public List<Tensor> visit(ConstantOfShape n) {
        TensorType out = rule(() -> ConstantOfShape.infer(n.name(), n.value(), t(n.shape()).toLongs()));
        int[] zero = new int[out.elementCount()];
        return one(n.value().withType(TensorType.of(n.value().elementType(), 1)).gather(out, zero));
    }

    @Override
    public List<Tensor> visit(Range n) {
        Tensor start = t(n.start());
        double s = start.getDouble(0);
        double d = t(n.delta()).getDouble(0);
        int count = rule(() -> Range.count(n.name(), s, t(n.limit()).getDouble(0), d));
        TensorType type = TensorType.of(start.elementType(), count);
        if (start.elementType().isFloating()) {
            double[] v = new double[count];
            for (int i = 0; i < count; i++) {
                v[i] = i == 0 ? s : (start.elementType() == ElementType.FLOAT ? (float) (v[i - 1] + d) : v[i - 1] + d);
            }
            return one(Tensor.fromDoubles(type, v));
        }
        long[] v = new long[count];
        long ls = start.getLong(0);
        long ld = t(n.delta()).getLong(0);
        for (int i = 0; i < count; i++) {
            v[i] = start.elementType().wrap(ls + i * ld);
        }
        return one(Tensor.fromLongs(type, v));
    }

    @Override
    public List<Tensor> visit(Pad n) {
        Tensor x = t(n.x());
        long[][] amounts = rule(() -> Pad.amounts(n.name(), x.shape().size(), t(n.pads()).toLongs(), longs(n.axes())));
        Tensor fill = n.constantValue().map(c -> t(c).withType(TensorType.of(x.elementType(), 1)))
                .orElse(Tensor.zeros(TensorType.of(x.elementType(), 1)));
        return one(MovementKernel.pad(x, amounts, n.mode(), fill));
    }

    @Override
    public List<Tensor> visit(Resize n) {
        Tensor x = t(n.x());
        double[] roi = n.roi().map(r -> t(r).toDoubles()).orElse(null);
        double[] scales = n.scales().map(s -> t(s).toDoubles()).orElse(null);
        long[] sizes = longs(n.sizes());
        Resize.Plan plan = rule(() -> Resize.plan(n.name(), dims(x), roi, scales, sizes, n.method()));
        return one(ResizeKernel.resize(x, plan, n.method()));
    }

    @Override
    public List<Tensor> visit(DepthToSpace n) {
        return one(MovementKernel.depthToSpace(t(n.x()), n.blockSize(), n.columnRowDepth()));
    }

    @Override
    public List<Tensor> visit(SpaceToDepth n) {
        return one(MovementKernel.spaceToDepth(t(n.x()), n.blockSize()));
    }

    @Override
    public List<Tensor> visit(Trilu n) {
        return one(MovementKernel.trilu(t(n.x()), n.k().map(k -> t(k).getLong(0)).orElse(0L), n.upper()));
    }

    @Override
    public List<Tensor> visit(CumSum n) {
        Tensor x = t(n.x());
        int axis = rule(() -> Shapes.normalizeAxis("CumSum", n.name(), t(n.axis()).getLong(0), x.shape().size()));
        return one(ReduceKernel.cumSum(x, axis, n.exclusive(), n.reverse()));
    }

    @Override
    public List<Tensor> visit(QuantizeLinear n) {
        return one(QuantKernel.quantize(t(n.x()), t(n.scale()), t(n.zeroPoint()), n.y().type().elementType(), n.axis()));
    }

    @Override
    public List<Tensor> visit(DequantizeLinear n) {
        return one(QuantKernel.dequantize(t(n.x()), t(n.scale()), t(n.zeroPoint()), n.axis()));
    }

    @Override
    public List<Tensor> visit(DynamicQuantizeLinear n) {
        return QuantKernel.dynamicQuantize(t(n.x()));
    }

    @Override
    public List<Tensor> visit(QLinearConv n) {
        return one(IntegerKernels.qlinearConv(n, t(n.x()), t(n.xScale()), t(n.xZeroPoint()), t(n.w()), t(n.wScale()),
                t(n.wZeroPoint()), t(n.yScale()), t(n.yZeroPoint()), t(n.bias())));
    }

    @Override
    public List<Tensor> visit(QLinearMatMul n) {
        return one(IntegerKernels.qlinearMatMul(n, t(n.a()), t(n.aScale()), t(n.aZeroPoint()), t(n.b()), t(n.bScale()),
                t(n.bZeroPoint()), t(n.yScale()), t(n.yZeroPoint())));
    }

    @Override
    public List<Tensor> visit(ConvInteger n) {
        return one(IntegerKernels.convInteger(n, t(n.x()), t(n.w()), t(n.xZeroPoint()), t(n.wZeroPoint())));
    }

    @Override
    public List<Tensor> visit(MatMulInteger n) {
        return one(IntegerKernels.matMulInteger(n, t(n.a()), t(n.b()), t(n.aZeroPoint()), t(n.bZeroPoint())));
    }

    @Override
    public List<Tensor> visit(Constant n) {
        return one(n.value());
    }

    @Override
    public List<Tensor> visit(OnnxRuntimeOp n) {
        return onnxRuntime.run(n, n.operands().stream().map(this::t).toList());
    }
}
