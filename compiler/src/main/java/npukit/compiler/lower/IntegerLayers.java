package npukit.compiler.lower;

import java.util.List;
import java.util.Optional;
import npukit.arch.config.ChipConfig;
import npukit.arch.numerics.QuantUnitRegs;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ConvInteger;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.ImageShape;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.MatMulInteger;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.QLinearConv;
import npukit.compiler.ir.QLinearMatMul;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.Value;

/**
 * Lowers QLinearConv, QLinearMatMul, ConvInteger and MatMulInteger onto the NPU as one
 * {@link IntegerLayer} each, bit-exact with the ONNX definitions (and so with the interpreter):
 *
 * <ul>
 *   <li>W operands are w - w_zero_point (per output channel or column where given); weights, scales,
 *       zero points and bias must be constants;</li>
 *   <li>QLinear*: one quant unit lane per output column (see {@link QLinearLanes}); the chip must be
 *       LINEAR, single rounding, half-even, 8-bit codes;</li>
 *   <li>*Integer: raw accumulators as INT32. With 32-bit accumulators the chip's wrap-around is int32's;
 *       narrower accumulators must hold the worst-case sum.</li>
 * </ul>
 * A convolution needs group 1 and an NCHW input; a matrix product a 2-D constant B (a batched A is
 * flattened to rows).
 */
public final class IntegerLayers {

    private IntegerLayers() {
    }

    /**
     * The NPU layer of an integer node of {@code graph} on {@code chip}.
     *
     * @throws IntegerLoweringException if the node cannot run there exactly as ONNX defines it
     */
    public static IntegerLayer lower(Node node, Graph graph, ChipConfig chip) {
        IntegerOperands ops = new IntegerOperands(node, graph, chip);
        if (node instanceof QLinearConv || node instanceof QLinearMatMul) {
            QLinearLanes.requireOnnxQuantUnit(ops, chip);
        }
        if (node instanceof QLinearConv c) {
            int[] bias = c.bias().map(b -> ints(ops.constant("bias", b))).orElse(null);
            Product conv = conv(ops, c.x(), Optional.of(c.xZeroPoint()), c.w(), Optional.of(c.wZeroPoint()), c.geometry(), c.y());
            return qlinear(ops, chip, conv, c.xScale(), c.wScale(), c.yScale(), c.yZeroPoint(), bias);
        }
        if (node instanceof ConvInteger c) {
            return integer(ops, chip, conv(ops, c.x(), c.xZeroPoint(), c.w(), c.wZeroPoint(), c.geometry(), c.y()));
        }
        if (node instanceof QLinearMatMul q) {
            Product mm = matmul(ops, q.a(), ops.zeroPoints("a_zero_point", Optional.of(q.aZeroPoint())), q.b(), Optional.of(q.bZeroPoint()), q.y());
            return qlinear(ops, chip, mm, q.aScale(), q.bScale(), q.yScale(), q.yZeroPoint(), null);
        }
        if (node instanceof MatMulInteger q) {
            Optional<Value> aZp = q.aZeroPoint();
            if (aZp.isPresent() && graph.constantValue(aZp.get().name()).isEmpty()) {
                int offset = RuntimeZeroPoint.operandOffset(q.a());
                return RuntimeZeroPoint.lower(ops, chip, aZp.get(), matmul(ops, q.a(), List.of(offset), q.b(), q.bZeroPoint(), q.y()));
            }
            return integer(ops, chip, matmul(ops, q.a(), ops.zeroPoints("a_zero_point", q.aZeroPoint()), q.b(), q.bZeroPoint(),
                    q.y()));
        }
        throw ops.error("not an integer operator (QLinearConv, QLinearMatMul, ConvInteger, MatMulInteger)");
    }

    /** The parts common to both output kinds: X's source, its zero points, W operands, shape and im2col. */
    record Product(Value input, List<Integer> inputZeroPoints, Optional<Im2col> im2col, int m, int k, int n,
                        int[] weights, Value output) {
    }

    private static IntegerLayer qlinear(IntegerOperands ops, ChipConfig chip, Product c, Value xScale, Value wScale,
                                        Value yScale, Value yZeroPoint, int[] bias) {
        if (bias != null && bias.length != c.n()) {
            throw ops.error("bias has " + bias.length + " values for " + c.n() + " output channels");
        }
        Tensor yZp = ops.constant("y_zero_point", yZeroPoint);
        int offset = QLinearLanes.outputOffset(c.output().type().elementType());
        List<QuantUnitRegs> lanes = QLinearLanes.lanes(ops, chip, c.n(), ops.constant("x_scale", xScale),
                ops.constant("w_scale", wScale), ops.constant("y_scale", yScale), (int) yZp.getLong(0), offset, bias);
        NpuLayer layer = new NpuLayer(ops.where(), c.m(), c.k(), c.n(), c.weights(), lanes, NpuLayer.Output.QUANTIZED);
        ops.requireAccumulatorHolds(layer, IntegerOperands.maxAbsInput(c.input(), c.inputZeroPoints()), bias);
        return new IntegerLayer(layer, c.input(), c.inputZeroPoints(), c.im2col(), c.output(), offset);
    }

    static IntegerLayer integer(IntegerOperands ops, ChipConfig chip, Product c) {
        NpuLayer layer = new NpuLayer(ops.where(), c.m(), c.k(), c.n(), c.weights(), List.of(), NpuLayer.Output.ACCUMULATORS);
        // A 32-bit accumulator wraps exactly as ONNX's int32 result does; a narrower one must not wrap at all.
        if (chip.array().accumulatorBits() < 32) {
            ops.requireAccumulatorHolds(layer, IntegerOperands.maxAbsInput(c.input(), c.inputZeroPoints()), null);
        }
        return new IntegerLayer(layer, c.input(), c.inputZeroPoints(), c.im2col(), c.output(), 0);
    }

    /** W[(ci*KH+ky)*KW+kx][co] = w[co][ci][ky][kx] - w_zero_point[co], the order Im2col builds X's columns in. */
    private static Product conv(IntegerOperands ops, Value x, Optional<Value> xZeroPoint, Value w, Optional<Value> wZeroPoint,
                             ConvGeometry geometry, Value y) {
        if (geometry.groups() != 1) {
            throw ops.error("group " + geometry.groups() + ": only group-1 convolutions become one NPU layer");
        }
        if (x.type().layout() != Layout.NCHW) {
            throw ops.error("input " + x.text() + " must be NCHW; im2col reads NCHW images");
        }
        requireStatic(ops, x, y);
        List<Integer> xZp = ops.zeroPoints("x_zero_point", xZeroPoint);
        if (xZp.size() != 1) {
            throw ops.error("x_zero_point has " + xZp.size() + " values; a convolution's input has one");
        }
        ops.requireInputFits(x, xZp);
        Tensor wt = ops.constant("weight", w);
        List<Integer> wZp = ops.zeroPoints("w_zero_point", wZeroPoint);
        int n = wt.shape().get(0);
        int k = wt.size() / n;
        int[] weights = new int[k * n];
        for (int co = 0; co < n; co++) {
            int zp = wZp.get(wZp.size() == 1 ? 0 : co);
            for (int kk = 0; kk < k; kk++) {
                weights[kk * n + co] = (int) wt.getLong(co * k + kk) - zp;
            }
        }
        ops.requireWeightsFit(w, weights);
        Im2col im = new Im2col(ImageShape.of(x.type()), new Size2d(wt.shape().get(2), wt.shape().get(3)), geometry,
                ImageShape.of(y.type()));
        return new Product(x, xZp, Optional.of(im), im.rows(), k, n, weights, y);
    }

    /** A (..., m, k) flattened to rows times a constant 2-D B (k x n): W[kk][j] = b[kk][j] - b_zero_point[j]. */
    private static Product matmul(IntegerOperands ops, Value a, List<Integer> aZp, Value b, Optional<Value> bZeroPoint,
                               Value y) {
        requireStatic(ops, a, y);
        Tensor bt = ops.constant("B", b);
        if (bt.shape().size() != 2) {
            throw ops.error("B " + b.text() + " must be 2-D (k x n); a batched B is not one NPU layer");
        }
        int k = bt.shape().get(0);
        int n = bt.shape().get(1);
        int m = a.type().elementCount() / k;
        if (aZp.size() != 1 && aZp.size() != m) {
            throw ops.error("a_zero_point has " + aZp.size() + " values for " + m + " rows of A");
        }
        ops.requireInputFits(a, aZp);
        List<Integer> bZp = ops.zeroPoints("b_zero_point", bZeroPoint);
        int[] weights = new int[k * n];
        for (int kk = 0; kk < k; kk++) {
            for (int j = 0; j < n; j++) {
                weights[kk * n + j] = (int) bt.getLong(kk * n + j) - bZp.get(bZp.size() == 1 ? 0 : j);
            }
        }
        ops.requireWeightsFit(b, weights);
        return new Product(a, aZp, Optional.empty(), m, k, n, weights, y);
    }

    private static void requireStatic(IntegerOperands ops, Value in, Value out) {
        if (!in.type().isStatic() || !out.type().isStatic()) {
            throw ops.error("input " + in.text() + " and output " + out.text() + " need static shapes (bind the input"
                    + " shapes first)");
        }
    }

    /** An INT32 tensor's values (the IR has checked QLinearConv's bias type). */
    private static int[] ints(Tensor t) {
        int[] v = new int[t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (int) t.getLong(i);
        }
        return v;
    }
}
