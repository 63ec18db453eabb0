package npukit.compiler.interp;

import java.util.Arrays;

/**
 * numpy's matmul in double (or exactly, in long, for integer operands), with 1-D operands promoted
 * (and their axis dropped again) and the leading axes broadcast. Shared by MatMul, MatMulInteger and
 * QLinearMatMul. Each row accumulates over k in order (i, k, j loops over primitive arrays).
 */
final class MatMulKernel {

    private MatMulKernel() {
    }

    record Result(double[] values, int[] shape) {
    }

    record ExactResult(long[] values, int[] shape) {
    }

    /** The batch layout of a matmul: sizes, and for each batch the offset of its a and b matrices. */
    private record Plan(int m, int k, int n, int batches, int[] aOffset, int[] bOffset, int[] shape) {
    }

    private static Plan plan(int[] aShape, int[] bShape) {
        int[] a2 = aShape.length == 1 ? new int[] {1, aShape[0]} : aShape;
        int[] b2 = bShape.length == 1 ? new int[] {bShape[0], 1} : bShape;
        int m = a2[a2.length - 2];
        int k = a2[a2.length - 1];
        int n = b2[b2.length - 1];
        if (b2[b2.length - 2] != k) {
            throw new InterpreterException("matmul of " + Arrays.toString(aShape) + " and " + Arrays.toString(bShape)
                    + ": inner dimensions differ");
        }
        int[] aBatch = Arrays.copyOf(a2, a2.length - 2);
        int[] bBatch = Arrays.copyOf(b2, b2.length - 2);
        int[] batch = Indexing.broadcast(aBatch, bBatch);
        int batches = Indexing.count(batch);
        int[] aMap = Indexing.broadcastMap(batch, aBatch);
        int[] bMap = Indexing.broadcastMap(batch, bBatch);
        int[] aOffset = new int[batches];
        int[] bOffset = new int[batches];
        for (int t = 0; t < batches; t++) {
            aOffset[t] = (aMap == null ? t : aMap[t]) * m * k;
            bOffset[t] = (bMap == null ? t : bMap[t]) * k * n;
        }
        int[] shape = Arrays.copyOf(batch, batch.length + (aShape.length > 1 ? 1 : 0) + (bShape.length > 1 ? 1 : 0));
        int at = batch.length;
        if (aShape.length > 1) {
            shape[at++] = m;
        }
        if (bShape.length > 1) {
            shape[at] = n;
        }
        return new Plan(m, k, n, batches, aOffset, bOffset, shape);
    }

    static Result matmul(double[] a, int[] aShape, double[] b, int[] bShape) {
        Plan p = plan(aShape, bShape);
        int m = p.m();
        int k = p.k();
        int n = p.n();
        double[] y = new double[p.batches() * m * n];
        for (int t = 0; t < p.batches(); t++) {
            int ao = p.aOffset()[t];
            int bo = p.bOffset()[t];
            int yo = t * m * n;
            for (int i = 0; i < m; i++) {
                int row = yo + i * n;
                for (int q = 0; q < k; q++) {
                    double av = a[ao + i * k + q];
                    int bRow = bo + q * n;
                    for (int j = 0; j < n; j++) {
                        y[row + j] += av * b[bRow + j];
                    }
                }
            }
        }
        return new Result(y, p.shape());
    }

    static ExactResult matmulExact(long[] a, int[] aShape, long[] b, int[] bShape) {
        Plan p = plan(aShape, bShape);
        int m = p.m();
        int k = p.k();
        int n = p.n();
        long[] y = new long[p.batches() * m * n];
        for (int t = 0; t < p.batches(); t++) {
            int ao = p.aOffset()[t];
            int bo = p.bOffset()[t];
            int yo = t * m * n;
            for (int i = 0; i < m; i++) {
                int row = yo + i * n;
                for (int q = 0; q < k; q++) {
                    long av = a[ao + i * k + q];
                    int bRow = bo + q * n;
                    for (int j = 0; j < n; j++) {
                        y[row + j] += av * b[bRow + j];
                    }
                }
            }
        }
        return new ExactResult(y, p.shape());
    }
}
