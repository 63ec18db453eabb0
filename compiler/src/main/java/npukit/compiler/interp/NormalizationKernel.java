package npukit.compiler.interp;

import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;

/** Batch normalization, softmax, log-softmax and global average pooling: computed in double, rounded to float. */
final class NormalizationKernel {

    private NormalizationKernel() {
    }

    /** {@code (x - mean) / sqrt(var + epsilon) * scale + bias} per channel (axis 1). */
    static Tensor batchNorm(Tensor x, Tensor scale, Tensor bias, Tensor mean, Tensor var, float epsilon) {
        int[] shape = Indexing.dims(x.shape());
        int channels = shape[1];
        int inner = Indexing.count(shape) / (shape[0] * channels == 0 ? 1 : shape[0] * channels);
        double[] y = new double[x.size()];
        for (int i = 0; i < y.length; i++) {
            int c = (i / inner) % channels;
            double d = Math.sqrt(var.getDouble(c) + epsilon);
            y[i] = (x.getDouble(i) - mean.getDouble(c)) / d * scale.getDouble(c) + bias.getDouble(c);
        }
        return Tensor.fromDoubles(TensorType.of(ElementType.FLOAT, shape), y);
    }

    /** Softmax, or its logarithm, along {@code axis}, subtracting the maximum first for stability. */
    static Tensor softmax(Tensor x, int axis, boolean log) {
        int[] shape = Indexing.dims(x.shape());
        int n = shape[axis];
        int inner = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        int outer = n == 0 ? 0 : x.size() / (n * inner);
        double[] y = new double[x.size()];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * n * inner + in;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    max = Math.max(max, x.getDouble(base + k * inner));
                }
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += Math.exp(x.getDouble(base + k * inner) - max);
                }
                for (int k = 0; k < n; k++) {
                    double shifted = x.getDouble(base + k * inner) - max;
                    y[base + k * inner] = log ? shifted - Math.log(sum) : Math.exp(shifted) / sum;
                }
            }
        }
        return Tensor.fromDoubles(TensorType.of(ElementType.FLOAT, shape), y);
    }

    /** The mean of each channel's image, (N, C, H, W) to (N, C, 1, 1) in the same layout. */
    static Tensor globalAveragePool(Tensor x, npukit.compiler.ir.Layout layout) {
        ImageIndex in = ImageIndex.of(Indexing.dims(x.shape()), layout);
        ImageIndex out = new ImageIndex(in.n(), in.c(), 1, 1, in.layout());
        double[] y = new double[out.count()];
        for (int n = 0; n < in.n(); n++) {
            for (int c = 0; c < in.c(); c++) {
                double sum = 0;
                for (int h = 0; h < in.h(); h++) {
                    for (int w = 0; w < in.w(); w++) {
                        sum += x.getDouble(in.at(n, c, h, w));
                    }
                }
                y[out.at(n, c, 0, 0)] = sum / (in.h() * in.w());
            }
        }
        return Tensor.fromDoubles(TensorType.of(ElementType.FLOAT, out.shape()), y);
    }
}
