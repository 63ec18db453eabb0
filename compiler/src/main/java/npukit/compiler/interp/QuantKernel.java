package npukit.compiler.interp;

import java.util.List;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;

/**
 * Quantization arithmetic in float32, as ONNX Runtime does it: divide or multiply in float, round half
 * to even, add the zero point, saturate.
 */
final class QuantKernel {

    private QuantKernel() {
    }

    /** Round half to even of a float, plus the zero point, saturated to {@code type}. */
    static long roundAndSaturate(float v, long zeroPoint, ElementType type) {
        return type.saturate((long) Math.rint(v) + zeroPoint);
    }

    /**
     * The scale (or zero point) that applies to element {@code i}: one value, or one per slice of
     * {@code axis} of a tensor with {@code inner} elements after that axis.
     */
    static int paramIndex(Tensor param, int i, int axisDim, int inner) {
        return param.size() == 1 ? 0 : (i / inner) % axisDim;
    }

    static Tensor quantize(Tensor x, Tensor scale, Tensor zeroPoint, ElementType out, int axis) {
        int[] shape = Indexing.dims(x.shape());
        int axisDim = shape.length == 0 ? 1 : shape[axis];
        int inner = inner(shape, axis);
        long[] q = new long[x.size()];
        for (int i = 0; i < q.length; i++) {
            int p = paramIndex(scale, i, axisDim, inner);
            float v = (float) x.getDouble(i) / (float) scale.getDouble(p);
            q[i] = roundAndSaturate(v, zeroPoint == null ? 0 : zeroPoint.getLong(p), out);
        }
        return Tensor.fromLongs(new TensorType(out, x.shape(), x.type().layout()), q);
    }

    static Tensor dequantize(Tensor x, Tensor scale, Tensor zeroPoint, int axis) {
        int[] shape = Indexing.dims(x.shape());
        int axisDim = shape.length == 0 ? 1 : shape[axis];
        int inner = inner(shape, axis);
        double[] y = new double[x.size()];
        for (int i = 0; i < y.length; i++) {
            int p = paramIndex(scale, i, axisDim, inner);
            long zp = zeroPoint == null ? 0 : zeroPoint.getLong(p);
            y[i] = (float) (x.getLong(i) - zp) * (float) scale.getDouble(p);
        }
        return Tensor.fromDoubles(new TensorType(ElementType.FLOAT, x.shape(), x.type().layout()), y);
    }

    /** {@code round_half_even(acc * multiplier) + zeroPoint}, saturated, with a float32 multiplier and product. */
    static long requantize(double acc, float multiplier, long zeroPoint, ElementType out) {
        return roundAndSaturate((float) acc * multiplier, zeroPoint, out);
    }

    private static int inner(int[] shape, int axis) {
        int inner = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        return inner;
    }

    /**
     * DynamicQuantizeLinear in float32: range [min(0, min x), max(0, max x)], scale = range / 255, zero
     * point = round(saturate(-min / scale)), y = saturate(round(x / scale) + zero point) as UINT8; all
     * rounding half to even. An all-zero input gets scale 0, zero point 0 and zeros.
     */
    static List<Tensor> dynamicQuantize(Tensor x) {
        float min = 0;
        float max = 0;
        for (int i = 0; i < x.size(); i++) {
            float v = (float) x.getDouble(i);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float scale = (max - min) / 255f;
        long zeroPoint = scale == 0 ? 0 : (long) Math.rint(Math.max(0f, Math.min(255f, 0f - min / scale)));
        long[] q = new long[x.size()];
        for (int i = 0; i < q.length; i++) {
            q[i] = scale == 0 ? 0 : roundAndSaturate((float) x.getDouble(i) / scale, zeroPoint, ElementType.UINT8);
        }
        return List.of(Tensor.fromLongs(new TensorType(ElementType.UINT8, x.shape(), x.type().layout()), q),
                Tensor.scalar(ElementType.FLOAT, scale), Tensor.scalar(ElementType.UINT8, zeroPoint));
    }
}
