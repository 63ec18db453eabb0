package npukit.compiler.interp;

import java.util.Arrays;

/**
 * numpy's matmul in double, with 1-D operands promoted (and their axis dropped again) and the leading
 * axes broadcast. Shared by MatMul, MatMulInteger and QLinearMatMul.
 */
final class MatMulKernel {

    private MatMulKernel() {
    }

    record Result(double[] values, int[] shape) {
    }

    static Result matmul(double[] a, int[] aShape, double[] b, int[] bShape) {
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
        int[] aMap = Indexing.broadcastMap(batch, aBatch);
        int[] bMap = Indexing.broadcastMap(batch, bBatch);
        int batches = Indexing.count(batch);
        double[] y = new double[batches * m * n];
        for (int t = 0; t < batches; t++) {
            int ao = aMap[t] * m * k;
            int bo = bMap[t] * k * n;
            int yo = t * m * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += a[ao + i * k + p] * b[bo + p * n + j];
                    }
                    y[yo + i * n + j] = sum;
                }
            }
        }
        int[] shape = Arrays.copyOf(batch, batch.length + (aShape.length > 1 ? 1 : 0) + (bShape.length > 1 ? 1 : 0));
        int at = batch.length;
        if (aShape.length > 1) {
            shape[at++] = m;
        }
        if (bShape.length > 1) {
            shape[at] = n;
        }
        return new Result(y, shape);
    }
}
