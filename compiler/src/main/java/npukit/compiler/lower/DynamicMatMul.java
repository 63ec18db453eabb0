package npukit.compiler.lower;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.QuantConfig;
import npukit.compiler.ir.MatMul;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * A MatMul of two activations (attention's Q K^T and P V) on the NPU with dynamic quantization
 * ({@link DynamicProduct}): each batch matrix pair is one run, A as X and B as the weights, which the host
 * writes at run time; the host scales the accumulators back by s_A s_B.
 *
 * <p>The codes use the array's operand width, narrowed so that k products of the largest codes cannot
 * leave the accumulator: k {@link #maxCode}^2 fits A - 1 bits, so the sum is exact on every chip.
 *
 * @param node    the MatMul
 * @param batch   batch matrices of the output (the product of its leading axes; 1 for a 2-D product)
 * @param m       rows of each A matrix and output matrix
 * @param k       the shared dimension
 * @param n       columns of each B matrix and output matrix
 * @param maxCode the largest code magnitude
 * @param quant   the chip's quantization settings (its rounding mode and seed encode the operands)
 */
public record DynamicMatMul(MatMul node, int batch, int m, int k, int n, int maxCode, QuantConfig quant)
        implements DynamicProduct {

    public DynamicMatMul {
        if (node == null || quant == null || batch < 1 || m < 1 || k < 1 || n < 1 || maxCode < 1) {
            throw new IllegalArgumentException("dynamic MatMul: node, shape " + batch + " x " + m + " x " + k + " x " + n
                    + " and max code " + maxCode + " must be given and positive");
        }
    }

    /**
     * Why this MatMul cannot be a dynamic NPU product on any chip, or empty if it can: both operands need
     * static float shapes of rank 2 or more (a 1-D operand is a vector product, which the array runs as a
     * single row or column) and batch axes that broadcast.
     */
    public static Optional<String> refusal(MatMul node) {
        TensorType a = node.a().type();
        TensorType b = node.b().type();
        if (!a.isStatic() || !b.isStatic() || !node.y().type().isStatic()) {
            return Optional.of("both operands vary and their shapes are not static");
        }
        if (!a.elementType().isFloating()) {
            return Optional.of("both operands vary and are " + a.elementType() + ", not float");
        }
        if (a.shape().size() < 2 || b.shape().size() < 2) {
            return Optional.of("both operands vary and one is a vector");
        }
        return Optional.empty();
    }

    /**
     * The dynamic product of {@code node} on {@code chip}.
     *
     * @throws IntegerLoweringException if it cannot run there: no shape for it ({@link #refusal}), or an
     *                                  accumulator too narrow for even 1-bit codes over k
     */
    public static DynamicMatMul lower(MatMul node, ChipConfig chip) {
        Optional<String> refused = refusal(node);
        if (refused.isPresent()) {
            throw new IntegerLoweringException(node.op() + " " + node.name() + ": " + refused.get());
        }
        List<Integer> a = node.a().type().shape();
        List<Integer> b = node.b().type().shape();
        int m = a.get(a.size() - 2);
        int k = a.get(a.size() - 1);
        int n = b.get(b.size() - 1);
        int batch = node.y().type().elementCount() / (m * n);
        int maxCode = DynamicProduct.maxCode(node.op() + " " + node.name(), k, chip);
        return new DynamicMatMul(node, batch, m, k, n, maxCode, chip.quant());
    }

    @Override
    public Value a() {
        return node.a();
    }

    @Override
    public Value b() {
        return node.b();
    }

    @Override
    public Value y() {
        return node.y();
    }

    /** One run per batch matrix pair. */
    @Override
    public int runs() {
        return batch;
    }

    /**
     * Pair {@code index} (0 .. batch - 1, in the output's row-major batch order) of the operands' values: A's
     * codes m x k and B's k x n, row-major; one unit of their products is worth s_A s_B.
     */
    @Override
    public Pair pair(double[] aValues, double[] bValues, int index) {
        Codes a = operand(aValues, node.a().type().shape(), index, m * k);
        Codes b = operand(bValues, node.b().type().shape(), index, k * n);
        return new Pair(a.codes(), b.codes(), a.scale() * b.scale());
    }

    /** The output tensor from each pair's accumulators (m x n, row-major) and scale. */
    @Override
    public Tensor output(List<int[]> accumulators, List<Double> scales) {
        if (accumulators.size() != batch || scales.size() != batch) {
            throw new IllegalArgumentException("dynamic MatMul " + node.name() + ": " + accumulators.size()
                    + " results and " + scales.size() + " scales for " + batch + " pairs");
        }
        double[] y = new double[batch * m * n];
        for (int p = 0; p < batch; p++) {
            int[] acc = accumulators.get(p);
            double s = scales.get(p);
            for (int i = 0; i < m * n; i++) {
                y[p * m * n + i] = acc[i] * s;
            }
        }
        return Tensor.fromDoubles(node.y().type(), y);
    }

    /** The codes and scale of one operand's matrix for output pair {@code index}, its batch axes broadcast. */
    private Codes operand(double[] values, List<Integer> shape, int index, int size) {
        int start = matrixOf(shape, index) * size;
        double[] matrix = new double[size];
        System.arraycopy(values, start, matrix, 0, size);
        return Codes.of(matrix, maxCode, quant);
    }

    /**
     * Which of an operand's matrices output pair {@code index} reads: numpy's broadcasting of the leading
     * axes, an axis of 1 (or a missing one) serving every index of the output's axis.
     */
    private int matrixOf(List<Integer> shape, int index) {
        List<Integer> out = node.y().type().shape();
        int outBatchAxes = out.size() - 2;
        int axes = shape.size() - 2;
        List<Integer> digits = new ArrayList<>();
        int rest = index;
        for (int d = outBatchAxes - 1; d >= 0; d--) {
            digits.add(0, rest % out.get(d));
            rest /= out.get(d);
        }
        int matrix = 0;
        for (int d = 0; d < axes; d++) {
            int dim = shape.get(d);
            int digit = digits.get(outBatchAxes - axes + d);
            matrix = matrix * dim + (dim == 1 ? 0 : digit);
        }
        return matrix;
    }
}
