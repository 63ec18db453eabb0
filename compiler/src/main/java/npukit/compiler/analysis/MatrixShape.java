package npukit.compiler.analysis;

/**
 * A layer as the array sees it: Y[m x n] = X[m x k] W[k x n].
 *
 * @param m rows of X and Y (output pixels times batch for a convolution, the batch for dense), 1 or more
 * @param k the reduction length, 1 or more
 * @param n output channels, 1 or more
 */
public record MatrixShape(int m, int k, int n) {

    public MatrixShape {
        if (m < 1 || k < 1 || n < 1) {
            throw new IllegalArgumentException("matrix shape needs m, k, n of 1 or more, got " + m + " x " + k + " x " + n);
        }
    }

    public long macs() {
        return (long) m * k * n;
    }

    /** {@code 576x25x10}. */
    public String text() {
        return m + "x" + k + "x" + n;
    }
}
