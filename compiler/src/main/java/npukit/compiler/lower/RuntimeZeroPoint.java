package npukit.compiler.lower;

import java.util.Optional;
import npukit.arch.config.ChipConfig;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.Value;

/**
 * Dynamic quantization on the NPU: a MatMulInteger whose a_zero_point is computed at run time (by a
 * DynamicQuantizeLinear on the host), so the weights cannot be shifted by it before the layer runs. The
 * array instead multiplies A shifted by a fixed operand offset (128 for UINT8 A, which makes every code
 * a signed 8-bit operand; 0 for INT8 A), and the host adds the exact integer correction per column:
 *
 * <pre>  sum_k (a - za) * w = sum_k (a - offset) * w + (offset - za) * sum_k w</pre>
 *
 * Both sides are int32 sums, so the result is ONNX's bit for bit (32-bit accumulators wrap as int32 does;
 * narrower ones are checked to hold the worst case).
 *
 * @param zeroPoint     the run-time a_zero_point (a scalar)
 * @param operandOffset what X's operands are shifted by instead of the zero point
 * @param columnSums    sum_k W[k][j] for each output column j
 */
public record RuntimeZeroPoint(Value zeroPoint, int operandOffset, int[] columnSums) {

    public RuntimeZeroPoint {
        if (zeroPoint == null || columnSums == null) {
            throw new IllegalArgumentException("a run-time zero point needs its value and the column sums");
        }
        columnSums = columnSums.clone();
    }

    /** 128 for UINT8 A (its codes become -128..127), 0 for INT8 A. */
    static int operandOffset(Value a) {
        return a.type().elementType() == ElementType.UINT8 ? 128 : 0;
    }

    /** The raw-accumulator layer of {@code product} (built with X shifted by the offset) and its correction. */
    static IntegerLayer lower(IntegerOperands ops, ChipConfig chip, Value zeroPoint, IntegerLayers.Product product) {
        if (zeroPoint.type().isStatic() && zeroPoint.type().elementCount() != 1) {
            throw ops.error("a_zero_point " + zeroPoint.text() + " is computed at run time and has several values;"
                    + " only a scalar run-time zero point is corrected on the host");
        }
        IntegerLayer plain = IntegerLayers.integer(ops, chip, product);
        NpuLayer layer = plain.layer();
        int[] sums = new int[layer.n()];
        for (int kk = 0; kk < layer.k(); kk++) {
            for (int j = 0; j < layer.n(); j++) {
                sums[j] += layer.weight(kk, j);
            }
        }
        int offset = plain.inputZeroPoints().get(0);
        return new IntegerLayer(layer, plain.input(), plain.inputZeroPoints(), plain.im2col(), plain.output(), 0,
                Optional.of(new RuntimeZeroPoint(zeroPoint, offset, sums)));
    }

    /** Adds (offset - za) * column sum to each accumulator of Y (m x n, row-major), in int32 arithmetic. */
    int[] correct(int[] y, Tensor zeroPointValue) {
        if (zeroPointValue.size() != 1) {
            throw new IllegalArgumentException("run-time a_zero_point " + zeroPoint.ref() + " has " + zeroPointValue.size()
                    + " values; a scalar is expected");
        }
        int delta = operandOffset - (int) zeroPointValue.getLong(0);
        int n = columnSums.length;
        int[] out = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = y[i] + delta * columnSums[i % n];
        }
        return out;
    }
}
