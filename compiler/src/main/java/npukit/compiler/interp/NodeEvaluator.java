package npukit.compiler.interp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.compiler.ir.Add;
import npukit.compiler.ir.AveragePool;
import npukit.compiler.ir.BatchNormalization;
import npukit.compiler.ir.Clip;
import npukit.compiler.ir.Concat;
import npukit.compiler.ir.Constant;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ConvInteger;
import npukit.compiler.ir.DequantizeLinear;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Flatten;
import npukit.compiler.ir.Gemm;
import npukit.compiler.ir.GlobalAveragePool;
import npukit.compiler.ir.LeakyRelu;
import npukit.compiler.ir.LogSoftmax;
import npukit.compiler.ir.MatMul;
import npukit.compiler.ir.MatMulInteger;
import npukit.compiler.ir.MaxPool;
import npukit.compiler.ir.NodeVisitor;
import npukit.compiler.ir.QLinearConv;
import npukit.compiler.ir.QLinearMatMul;
import npukit.compiler.ir.QuantizeLinear;
import npukit.compiler.ir.Relu;
import npukit.compiler.ir.Reshape;
import npukit.compiler.ir.Shapes;
import npukit.compiler.ir.Softmax;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Transpose;
import npukit.compiler.ir.Value;

/** Computes one node's output from the tensors computed so far; each operator delegates to its kernel. */
final class NodeEvaluator implements NodeVisitor<Tensor> {

    private final Map<String, Tensor> env;

    NodeEvaluator(Map<String, Tensor> env) {
        this.env = env;
    }

    private Tensor t(Value v) {
        return env.get(v.name());
    }

    private Tensor t(Optional<Value> v) {
        return v.map(this::t).orElse(null);
    }

    private static Tensor floats(int[] shape, double[] values) {
        return Tensor.fromDoubles(TensorType.of(ElementType.FLOAT, shape), values);
    }

    @Override
    public Tensor visit(Conv2d n) {
        Tensor w = t(n.w());
        ConvKernel.Result r = ConvKernel.convolve(t(n.x()).toDoubles(), Indexing.dims(t(n.x()).shape()), n.x().type().layout(),
                w.toDoubles(), Indexing.dims(w.shape()), n.bias().map(b -> t(b).toDoubles()).orElse(null), n.geometry());
        return floats(r.shape().shape(), r.values());
    }

    @Override
    public Tensor visit(Gemm n) {
        Tensor a = t(n.a());
        Tensor b = t(n.b());
        int[] as = Indexing.dims(a.shape());
        int[] bs = Indexing.dims(b.shape());
        int m = n.transA() ? as[1] : as[0];
        int k = n.transA() ? as[0] : as[1];
        int cols = n.transB() ? bs[0] : bs[1];
        int[] out = {m, cols};
        int[] cMap = n.c().map(c -> Indexing.broadcastMap(out, Indexing.dims(t(c).shape()))).orElse(null);
        Tensor c = t(n.c());
        double[] y = new double[m * cols];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < cols; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double av = a.getDouble(n.transA() ? p * m + i : i * k + p);
                    double bv = b.getDouble(n.transB() ? j * k + p : p * cols + j);
                    sum += av * bv;
                }
                double r = (double) n.alpha() * sum;
                if (c != null) {
                    r += (double) n.beta() * c.getDouble(cMap[i * cols + j]);
                }
                y[i * cols + j] = r;
            }
        }
        return floats(out, y);
    }

    @Override
    public Tensor visit(MatMul n) {
        Tensor a = t(n.a());
        Tensor b = t(n.b());
        MatMulKernel.Result r = MatMulKernel.matmul(a.toDoubles(), Indexing.dims(a.shape()), b.toDoubles(), Indexing.dims(b.shape()));
        return floats(r.shape(), r.values());
    }

    @Override
    public Tensor visit(Add n) {
        return ElementwiseKernel.add(t(n.a()), t(n.b()));
    }

    @Override
    public Tensor visit(Relu n) {
        return ElementwiseKernel.map(t(n.x()), v -> v < 0 ? 0 : v, v -> Math.max(v, 0));
    }

    @Override
    public Tensor visit(Clip n) {
        Tensor min = t(n.min());
        Tensor max = t(n.max());
        return ElementwiseKernel.map(t(n.x()),
                v -> Math.min(Math.max(v, min == null ? Double.NEGATIVE_INFINITY : min.getDouble(0)),
                        max == null ? Double.POSITIVE_INFINITY : max.getDouble(0)),
                v -> Math.min(Math.max(v, min == null ? Long.MIN_VALUE : min.getLong(0)),
                        max == null ? Long.MAX_VALUE : max.getLong(0)));
    }

    @Override
    public Tensor visit(LeakyRelu n) {
        return ElementwiseKernel.map(t(n.x()), v -> v < 0 ? n.alpha() * (float) v : v, v -> {
            throw new IllegalStateException("LeakyRelu is a float operator");
        });
    }

    @Override
    public Tensor visit(MaxPool n) {
        Tensor x = t(n.x());
        PoolKernel.Result r = PoolKernel.pool(x.toDoubles(), Indexing.dims(x.shape()), n.x().type().layout(), n.window(),
                PoolKernel.Reduction.MAX);
        if (x.elementType() == ElementType.FLOAT) {
            return floats(r.shape().shape(), r.values());
        }
        long[] l = new long[r.values().length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (long) r.values()[i];
        }
        return Tensor.fromLongs(TensorType.of(x.elementType(), r.shape().shape()), l);
    }

    @Override
    public Tensor visit(AveragePool n) {
        Tensor x = t(n.x());
        PoolKernel.Result r = PoolKernel.pool(x.toDoubles(), Indexing.dims(x.shape()), n.x().type().layout(), n.window(),
                n.countIncludePad() ? PoolKernel.Reduction.AVERAGE_INCLUDE_PAD : PoolKernel.Reduction.AVERAGE_EXCLUDE_PAD);
        return floats(r.shape().shape(), r.values());
    }

    @Override
    public Tensor visit(GlobalAveragePool n) {
        return NormalizationKernel.globalAveragePool(t(n.x()), n.x().type().layout());
    }

    @Override
    public Tensor visit(BatchNormalization n) {
        return NormalizationKernel.batchNorm(t(n.x()), t(n.scale()), t(n.bias()), t(n.mean()), t(n.var()), n.epsilon());
    }

    @Override
    public Tensor visit(Flatten n) {
        List<Integer> s = t(n.x()).shape();
        return MovementKernel.reshape(t(n.x()), List.of(Shapes.product(s, 0, n.axis()), Shapes.product(s, n.axis(), s.size())));
    }

    @Override
    public Tensor visit(Reshape n) {
        Tensor x = t(n.x());
        Value runtime = new Value(n.x().name(), x.type());
        TensorType out = Reshape.infer(n.name(), runtime, t(n.shape()).toLongs(), n.allowZero());
        if (!out.isStatic() || out.elementCount() != x.size()) {
            throw new InterpreterException("Reshape " + n.name() + ": cannot reshape " + x.type().text() + " to "
                    + java.util.Arrays.toString(t(n.shape()).toLongs()));
        }
        return MovementKernel.reshape(x, out.shape());
    }

    @Override
    public Tensor visit(Transpose n) {
        return MovementKernel.transpose(t(n.x()), n.perm());
    }

    @Override
    public Tensor visit(Concat n) {
        return MovementKernel.concat(n.xs().stream().map(this::t).toList(), n.axis());
    }

    @Override
    public Tensor visit(Softmax n) {
        return NormalizationKernel.softmax(t(n.x()), n.axis(), false);
    }

    @Override
    public Tensor visit(LogSoftmax n) {
        return NormalizationKernel.softmax(t(n.x()), n.axis(), true);
    }

    @Override
    public Tensor visit(QuantizeLinear n) {
        return QuantKernel.quantize(t(n.x()), t(n.scale()), t(n.zeroPoint()), n.y().type().elementType(), n.axis());
    }

    @Override
    public Tensor visit(DequantizeLinear n) {
        return QuantKernel.dequantize(t(n.x()), t(n.scale()), t(n.zeroPoint()), n.axis());
    }

    @Override
    public Tensor visit(QLinearConv n) {
        return IntegerKernels.qlinearConv(n, t(n.x()), t(n.xScale()), t(n.xZeroPoint()), t(n.w()), t(n.wScale()),
                t(n.wZeroPoint()), t(n.yScale()), t(n.yZeroPoint()), t(n.bias()));
    }

    @Override
    public Tensor visit(QLinearMatMul n) {
        return IntegerKernels.qlinearMatMul(n, t(n.a()), t(n.aScale()), t(n.aZeroPoint()), t(n.b()), t(n.bScale()),
                t(n.bZeroPoint()), t(n.yScale()), t(n.yZeroPoint()));
    }

    @Override
    public Tensor visit(ConvInteger n) {
        return IntegerKernels.convInteger(n, t(n.x()), t(n.w()), t(n.xZeroPoint()), t(n.wZeroPoint()));
    }

    @Override
    public Tensor visit(MatMulInteger n) {
        return IntegerKernels.matMulInteger(n, t(n.a()), t(n.b()), t(n.aZeroPoint()), t(n.bZeroPoint()));
    }

    @Override
    public Tensor visit(Constant n) {
        return n.value();
    }
}
