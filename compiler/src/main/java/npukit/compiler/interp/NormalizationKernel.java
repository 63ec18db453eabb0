package npukit.compiler.interp;

import java.util.List;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;

/**
 * Batch, layer and instance normalization, softmax, log-softmax and global average pooling: computed in
 * double, rounded to the element type.
 */
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
        return Tensor.fromDoubles(TensorType.of(x.elementType(), shape), y);
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
        return Tensor.fromDoubles(TensorType.of(x.elementType(), shape), y);
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

    /**
     * Layer normalization over the axes from {@code axis} on: mean and variance of each group, then
     * {@code (x - mean) / sqrt(var + epsilon) * scale + bias}; also the mean and 1 / sqrt(var + epsilon)
     * per group, in FLOAT, shaped like x with the normalized axes of size 1.
     */
    static List<Tensor> layerNorm(Tensor x, Tensor scale, Tensor bias, int axis, float epsilon) {
        int[] shape = Indexing.dims(x.shape());
        int outer = Indexing.product(shape, 0, axis);
        int inner = Indexing.product(shape, axis, shape.length);
        int[] normalized = java.util.Arrays.copyOfRange(shape, axis, shape.length);
        int[] sMap = Indexing.broadcastMap(normalized, Indexing.dims(scale.shape()));
        int[] bMap = bias == null ? null : Indexing.broadcastMap(normalized, Indexing.dims(bias.shape()));
        double[] v = x.toDoubles();
        double[] s = scale.toDoubles();
        double[] b = bias == null ? null : bias.toDoubles();
        double[] y = new double[v.length];
        double[] means = new double[outer];
        double[] invStd = new double[outer];
        for (int o = 0; o < outer; o++) {
            int base = o * inner;
            double mean = 0;
            for (int i = 0; i < inner; i++) {
                mean += v[base + i];
            }
            mean /= inner;
            double var = 0;
            for (int i = 0; i < inner; i++) {
                double d = v[base + i] - mean;
                var += d * d;
            }
            var /= inner;
            double inv = 1 / Math.sqrt(var + epsilon);
            means[o] = mean;
            invStd[o] = inv;
            for (int i = 0; i < inner; i++) {
                double r = (v[base + i] - mean) * inv * s[sMap == null ? i : sMap[i]];
                y[base + i] = b == null ? r : r + b[bMap == null ? i : bMap[i]];
            }
        }
        int[] statShape = shape.clone();
        for (int i = axis; i < statShape.length; i++) {
            statShape[i] = 1;
        }
        return List.of(Tensor.fromDoubles(TensorType.of(x.elementType(), shape), y),
                Tensor.fromDoubles(TensorType.of(ElementType.FLOAT, statShape), means),
                Tensor.fromDoubles(TensorType.of(ElementType.FLOAT, statShape), invStd));
    }

    /** Instance normalization: each (sample, channel) over its spatial elements, then scale and bias per channel. */
    static Tensor instanceNorm(Tensor x, Tensor scale, Tensor bias, float epsilon) {
        int[] shape = Indexing.dims(x.shape());
        int channels = shape[1];
        int spatial = Indexing.product(shape, 2, shape.length);
        double[] v = x.toDoubles();
        double[] y = new double[v.length];
        for (int g = 0; g < shape[0] * channels; g++) {
            int c = g % channels;
            int base = g * spatial;
            double mean = 0;
            for (int i = 0; i < spatial; i++) {
                mean += v[base + i];
            }
            mean /= spatial;
            double var = 0;
            for (int i = 0; i < spatial; i++) {
                double d = v[base + i] - mean;
                var += d * d;
            }
            var /= spatial;
            double inv = 1 / Math.sqrt(var + epsilon);
            for (int i = 0; i < spatial; i++) {
                y[base + i] = (v[base + i] - mean) * inv * scale.getDouble(c) + bias.getDouble(c);
            }
        }
        return Tensor.fromDoubles(TensorType.of(x.elementType(), shape), y);
    }
}
