package npukit.compiler.interp;

import npukit.compiler.ir.ConvInteger;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.MatMulInteger;
import npukit.compiler.ir.QLinearConv;
import npukit.compiler.ir.QLinearMatMul;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;

/**
 * ConvInteger, MatMulInteger, QLinearConv and QLinearMatMul: zero points subtracted, then the shared
 * convolution or matmul loop (exact on these integers), then INT32 results or float32 requantization.
 */
final class IntegerKernels {

    private IntegerKernels() {
    }

    /** Each element minus the zero point of its slice: one zero point, or one per block of {@code block} elements. */
    static double[] shifted(Tensor x, Tensor zeroPoint, int block, int slices) {
        double[] d = new double[x.size()];
        for (int i = 0; i < d.length; i++) {
            long zp = zeroPoint == null ? 0 : zeroPoint.getLong(zeroPoint.size() == 1 ? 0 : (i / block) % slices);
            d[i] = x.getLong(i) - zp;
        }
        return d;
    }

    static Tensor convInteger(ConvInteger n, Tensor x, Tensor w, Tensor xZp, Tensor wZp) {
        int[] ws = Indexing.dims(w.shape());
        ConvKernel.Result r = ConvKernel.convolve(shifted(x, xZp, 1, 1), Indexing.dims(x.shape()), n.x().type().layout(),
                shifted(w, wZp, w.size() / ws[0], ws[0]), ws, null, n.geometry());
        return Tensor.fromLongs(TensorType.of(ElementType.INT32, r.shape().shape()), exact(r.values()));
    }

    static Tensor qlinearConv(QLinearConv n, Tensor x, Tensor xScale, Tensor xZp, Tensor w, Tensor wScale, Tensor wZp,
                              Tensor yScale, Tensor yZp, Tensor bias) {
        int[] ws = Indexing.dims(w.shape());
        double[] b = bias == null ? null : bias.toDoubles();
        ConvKernel.Result r = ConvKernel.convolve(shifted(x, xZp, 1, 1), Indexing.dims(x.shape()), n.x().type().layout(),
                shifted(w, wZp, w.size() / ws[0], ws[0]), ws, b, n.geometry());
        float[] multiplier = new float[ws[0]];
        for (int f = 0; f < multiplier.length; f++) {
            float wsf = (float) wScale.getDouble(wScale.size() == 1 ? 0 : f);
            multiplier[f] = (float) xScale.getDouble(0) * wsf / (float) yScale.getDouble(0);
        }
        ElementType out = n.y().type().elementType();
        ImageIndex shape = r.shape();
        long[] y = new long[r.values().length];
        for (int img = 0; img < shape.n(); img++) {
            for (int f = 0; f < shape.c(); f++) {
                for (int oy = 0; oy < shape.h(); oy++) {
                    for (int ox = 0; ox < shape.w(); ox++) {
                        int i = shape.at(img, f, oy, ox);
                        y[i] = QuantKernel.requantize(r.values()[i], multiplier[f], yZp.getLong(0), out);
                    }
                }
            }
        }
        return Tensor.fromLongs(TensorType.of(out, shape.shape()), y);
    }

    static Tensor matMulInteger(MatMulInteger n, Tensor a, Tensor b, Tensor aZp, Tensor bZp) {
        int[] as = Indexing.dims(a.shape());
        int[] bs = Indexing.dims(b.shape());
        int rows = as.length == 2 ? as[0] : 1;
        int cols = bs.length == 2 ? bs[1] : 1;
        double[] ad = shifted(a, aZp, as.length == 2 ? as[1] : 1, rows);
        double[] bd = new double[b.size()];
        for (int i = 0; i < bd.length; i++) {
            long zp = bZp == null ? 0 : bZp.getLong(bZp.size() == 1 ? 0 : i % cols);
            bd[i] = b.getLong(i) - zp;
        }
        MatMulKernel.Result r = MatMulKernel.matmul(ad, as, bd, bs);
        return Tensor.fromLongs(TensorType.of(ElementType.INT32, r.shape()), exact(r.values()));
    }

    static Tensor qlinearMatMul(QLinearMatMul n, Tensor a, Tensor aScale, Tensor aZp, Tensor b, Tensor bScale, Tensor bZp,
                                Tensor yScale, Tensor yZp) {
        int[] as = Indexing.dims(a.shape());
        int[] bs = Indexing.dims(b.shape());
        MatMulKernel.Result r = MatMulKernel.matmul(shifted(a, aZp, 1, 1), as, shifted(b, bZp, 1, 1), bs);
        float multiplier = (float) aScale.getDouble(0) * (float) bScale.getDouble(0) / (float) yScale.getDouble(0);
        ElementType out = n.y().type().elementType();
        long[] y = new long[r.values().length];
        for (int i = 0; i < y.length; i++) {
            y[i] = QuantKernel.requantize(r.values()[i], multiplier, yZp.getLong(0), out);
        }
        return Tensor.fromLongs(TensorType.of(out, r.shape()), y);
    }

    /** Integer sums held exactly in doubles, as INT32 values (wrapping as 32-bit accumulation does). */
    private static long[] exact(double[] values) {
        long[] l = new long[values.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (int) (long) values[i];
        }
        return l;
    }
}
