package npukit.compiler.interp;

import npukit.compiler.ir.Resize;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;

/**
 * Resize as ONNX's reference defines it, one axis at a time (nearest, linear and cubic sampling are
 * separable): each output coordinate maps to an input coordinate by the coordinate transformation; its
 * neighbours (clamped to the edge, or left out and the weights renormalized with exclude_outside) are
 * weighted by the mode's coefficients. With tf_crop_and_resize an output coordinate outside the input
 * on any axis takes the extrapolation value.
 */
final class ResizeKernel {

    private ResizeKernel() {
    }

    /** The input taps and weights of each output index along one axis, and which outputs fall outside. */
    private record Taps(int[][] index, double[][] weight, boolean[] outside) {
    }

    static Tensor resize(Tensor x, Resize.Plan plan, Resize.Method method) {
        int[] shape = Indexing.dims(x.shape());
        boolean nearest = method.mode() == Resize.Mode.NEAREST;
        double[] v = nearest ? null : x.toDoubles();
        Tensor t = x;
        boolean[][] outside = new boolean[shape.length][];
        for (int a = 0; a < shape.length; a++) {
            int out = plan.outDims()[a];
            boolean identity = out == shape[a] && plan.scales()[a] == 1
                    && method.transform() != Resize.CoordinateTransform.TF_CROP_AND_RESIZE;
            if (identity) {
                continue;
            }
            Taps taps = taps(shape[a], out, plan.scales()[a], plan.roiStart()[a], plan.roiEnd()[a], method);
            outside[a] = taps.outside();
            if (nearest) {
                int[][] source = new int[shape.length][];
                for (int b = 0; b < shape.length; b++) {
                    source[b] = b == a ? nearestIndices(taps) : identity(shape[b]);
                }
                int[] outShape = shape.clone();
                outShape[a] = out;
                t = t.gather(TensorType.of(x.elementType(), outShape), Indexing.axisMap(outShape, shape, source));
            } else {
                v = alongAxis(v, shape, a, out, taps);
            }
            shape = shape.clone();
            shape[a] = out;
        }
        if (method.transform() == Resize.CoordinateTransform.TF_CROP_AND_RESIZE) {
            double[] d = nearest ? t.toDoubles() : v;
            extrapolate(d, shape, outside, method.extrapolationValue());
            return Tensor.fromDoubles(TensorType.of(x.elementType(), shape), d);
        }
        return nearest ? t : Tensor.fromDoubles(TensorType.of(x.elementType(), shape), v);
    }

    private static int[] identity(int n) {
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = i;
        }
        return s;
    }

    private static int[] nearestIndices(Taps taps) {
        int[] s = new int[taps.index().length];
        for (int o = 0; o < s.length; o++) {
            s[o] = taps.weight()[o][0] >= taps.weight()[o][1] ? taps.index()[o][0] : taps.index()[o][1];
        }
        return s;
    }

    private static Taps taps(int in, int out, double scale, double roiStart, double roiEnd, Resize.Method m) {
        int[][] index = new int[out][];
        double[][] weight = new double[out][];
        boolean[] outside = new boolean[out];
        double outLen = scale * in;
        for (int o = 0; o < out; o++) {
            double xo = original(o, in, out, outLen, scale, roiStart, roiEnd, m.transform());
            if (m.transform() == Resize.CoordinateTransform.TF_CROP_AND_RESIZE && (xo < 0 || xo > in - 1)) {
                outside[o] = true;
            }
            int base = (int) Math.floor(xo);
            double ratio = xo - base;
            double[] c;
            int first;
            switch (m.mode()) {
                case NEAREST -> {
                    c = nearest(ratio, m.nearestMode());
                    first = base;
                }
                case LINEAR -> {
                    c = new double[] {1 - ratio, ratio};
                    first = base;
                }
                default -> {
                    c = cubic(ratio, m.cubicCoeffA());
                    first = base - 1;
                }
            }
            int[] idx = new int[c.length];
            double sum = 0;
            for (int k = 0; k < c.length; k++) {
                int i = first + k;
                if (m.excludeOutside() && (i < 0 || i >= in)) {
                    c[k] = 0;
                }
                idx[k] = Math.max(0, Math.min(in - 1, i));
                sum += c[k];
            }
            if (m.excludeOutside() && sum != 0) {
                for (int k = 0; k < c.length; k++) {
                    c[k] /= sum;
                }
            }
            index[o] = idx;
            weight[o] = c;
        }
        return new Taps(index, weight, outside);
    }

    private static double original(int o, int in, int out, double outLen, double scale, double roiStart, double roiEnd,
                                   Resize.CoordinateTransform t) {
        return switch (t) {
            case HALF_PIXEL -> (o + 0.5) / scale - 0.5;
            case HALF_PIXEL_SYMMETRIC -> {
                double adjustment = out / outLen;
                double offset = in / 2.0 * (1 - adjustment);
                yield offset + (o + 0.5) / scale - 0.5;
            }
            case PYTORCH_HALF_PIXEL -> outLen == 1 ? -0.5 : (o + 0.5) / scale - 0.5;
            case ALIGN_CORNERS -> outLen == 1 ? 0 : o * (in - 1) / (outLen - 1);
            case ASYMMETRIC -> o / scale;
            case TF_HALF_PIXEL_FOR_NN -> (o + 0.5) / scale;
            case TF_CROP_AND_RESIZE -> outLen == 1 ? (roiEnd - roiStart) * (in - 1) / 2 + roiStart * (in - 1)
                    : o * (roiEnd - roiStart) * (in - 1) / (outLen - 1) + roiStart * (in - 1);
        };
    }

    /** Weights of the two neighbours floor(x) and floor(x) + 1. */
    private static double[] nearest(double ratio, Resize.NearestMode mode) {
        if (ratio == 0) {
            return new double[] {1, 0};
        }
        boolean upper = switch (mode) {
            case ROUND_PREFER_FLOOR -> ratio > 0.5;
            case ROUND_PREFER_CEIL -> ratio >= 0.5;
            case FLOOR -> false;
            case CEIL -> true;
        };
        return upper ? new double[] {0, 1} : new double[] {1, 0};
    }

    /** Keys' cubic convolution weights of the four neighbours floor(x) - 1 .. floor(x) + 2. */
    private static double[] cubic(double r, double a) {
        double r1 = r + 1;
        double s = 1 - r;
        double s1 = s + 1;
        return new double[] {
            ((a * r1 - 5 * a) * r1 + 8 * a) * r1 - 4 * a,
            ((a + 2) * r - (a + 3)) * r * r + 1,
            ((a + 2) * s - (a + 3)) * s * s + 1,
            ((a * s1 - 5 * a) * s1 + 8 * a) * s1 - 4 * a};
    }

    private static double[] alongAxis(double[] v, int[] shape, int axis, int out, Taps taps) {
        int outer = Indexing.product(shape, 0, axis);
        int in = shape[axis];
        int inner = Indexing.product(shape, axis + 1, shape.length);
        double[] y = new double[outer * out * inner];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < out; j++) {
                int[] idx = taps.index()[j];
                double[] w = taps.weight()[j];
                int dst = (o * out + j) * inner;
                for (int k = 0; k < idx.length; k++) {
                    if (w[k] == 0) {
                        continue;
                    }
                    int src = (o * in + idx[k]) * inner;
                    for (int i = 0; i < inner; i++) {
                        y[dst + i] += w[k] * v[src + i];
                    }
                }
            }
        }
        return y;
    }

    private static void extrapolate(double[] v, int[] shape, boolean[][] outside, double value) {
        int[] idx = new int[shape.length];
        for (int i = 0; i < v.length; i++) {
            for (int a = 0; a < shape.length; a++) {
                if (outside[a] != null && outside[a][idx[a]]) {
                    v[i] = value;
                    break;
                }
            }
            for (int a = shape.length - 1; a >= 0; a--) {
                if (++idx[a] < shape[a]) {
                    break;
                }
                idx[a] = 0;
            }
        }
    }
}
