package npukit.compiler.interp;

import java.util.ArrayList;
import java.util.List;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ReduceFunction;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;

/**
 * Reductions over sets of axes (ReduceSum, ReduceMean, ...), ArgMax / ArgMin and CumSum. Floating
 * sums are taken in double and rounded once; integer sums, products and extremes are exact (wrapping
 * in the element type).
 */
final class ReduceKernel {

    private ReduceKernel() {
    }

    /** For each element of x, the index of the output element it reduces into. */
    private static int[] target(int[] shape, boolean[] reduced, int[] outShape) {
        int rank = shape.length;
        int[] outStrides = Indexing.strides(outShape);
        int[] step = new int[rank];
        int j = 0;
        for (int a = 0; a < rank; a++) {
            if (outShape.length == rank) {
                step[a] = reduced[a] ? 0 : outStrides[a];
            } else if (!reduced[a]) {
                step[a] = outStrides[j++];
            }
        }
        int[] map = new int[Indexing.count(shape)];
        int[] idx = new int[rank];
        int t = 0;
        for (int i = 0; i < map.length; i++) {
            map[i] = t;
            for (int a = rank - 1; a >= 0; a--) {
                t += step[a];
                if (++idx[a] < shape[a]) {
                    break;
                }
                t -= step[a] * shape[a];
                idx[a] = 0;
            }
        }
        return map;
    }

    /** The shape after reducing the marked axes, keeping them as 1 or dropping them. */
    static int[] reducedShape(int[] shape, boolean[] reduced, boolean keepDims) {
        List<Integer> out = new ArrayList<>();
        for (int a = 0; a < shape.length; a++) {
            if (!reduced[a]) {
                out.add(shape[a]);
            } else if (keepDims) {
                out.add(1);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    static Tensor reduce(ReduceFunction f, Tensor x, boolean[] reduced, boolean keepDims) {
        int[] shape = Indexing.dims(x.shape());
        int[] outShape = reducedShape(shape, reduced, keepDims);
        int[] map = target(shape, reduced, outShape);
        int outCount = Indexing.count(outShape);
        int perOutput = outCount == 0 ? 0 : x.size() / outCount;
        ElementType e = x.elementType();
        TensorType type = TensorType.of(e, outShape);
        if (e.isInteger() && f.exactOnIntegers()) {
            long[] acc = new long[outCount];
            boolean[] seen = new boolean[outCount];
            long[] v = x.toLongs();
            for (int i = 0; i < v.length; i++) {
                int o = map[i];
                acc[o] = seen[o] ? combine(f, acc[o], v[i]) : first(f, v[i]);
                seen[o] = true;
            }
            for (int o = 0; o < outCount; o++) {
                acc[o] = seen[o] ? e.wrap(acc[o]) : e.saturate(emptyInteger(f, e));
            }
            return Tensor.fromLongs(type, acc);
        }
        double[] v = x.toDoubles();
        double[] max = new double[outCount];
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        if (f == ReduceFunction.LOG_SUM_EXP) {
            for (int i = 0; i < v.length; i++) {
                max[map[i]] = Math.max(max[map[i]], v[i]);
            }
        }
        double[] acc = new double[outCount];
        java.util.Arrays.fill(acc, f == ReduceFunction.MAX ? Double.NEGATIVE_INFINITY
                : f == ReduceFunction.MIN ? Double.POSITIVE_INFINITY : f == ReduceFunction.PROD ? 1 : 0);
        for (int i = 0; i < v.length; i++) {
            int o = map[i];
            double d = v[i];
            acc[o] = switch (f) {
                case SUM, MEAN, LOG_SUM -> acc[o] + d;
                case MAX -> Double.isNaN(d) || Double.isNaN(acc[o]) ? Double.NaN : Math.max(acc[o], d);
                case MIN -> Double.isNaN(d) || Double.isNaN(acc[o]) ? Double.NaN : Math.min(acc[o], d);
                case PROD -> acc[o] * d;
                case L1 -> acc[o] + Math.abs(d);
                case L2, SUM_SQUARE -> acc[o] + d * d;
                case LOG_SUM_EXP -> acc[o] + Math.exp(d - (Double.isInfinite(max[o]) ? 0 : max[o]));
            };
        }
        for (int o = 0; o < outCount; o++) {
            acc[o] = switch (f) {
                case MEAN -> perOutput == 0 ? Double.NaN : acc[o] / perOutput;
                case L2 -> Math.sqrt(acc[o]);
                case LOG_SUM -> Math.log(acc[o]);
                case LOG_SUM_EXP -> Math.log(acc[o]) + (Double.isInfinite(max[o]) ? 0 : max[o]);
                default -> acc[o];
            };
        }
        return Tensor.fromDoubles(type, acc);
    }

    private static long first(ReduceFunction f, long v) {
        return switch (f) {
            case SUM_SQUARE -> v * v;
            case L1 -> Math.abs(v);
            default -> v;
        };
    }

    private static long combine(ReduceFunction f, long acc, long v) {
        return switch (f) {
            case SUM -> acc + v;
            case MAX -> Math.max(acc, v);
            case MIN -> Math.min(acc, v);
            case PROD -> acc * v;
            case SUM_SQUARE -> acc + v * v;
            case L1 -> acc + Math.abs(v);
            default -> throw new IllegalStateException(f + " is not exact on integers");
        };
    }

    private static long emptyInteger(ReduceFunction f, ElementType e) {
        return switch (f) {
            case MAX -> e.min();
            case MIN -> e.max();
            case PROD -> 1;
            default -> 0;
        };
    }

    /** The index of the largest (or smallest) element along {@code axis}: the first, or the last, of equals. */
    static Tensor argReduce(Tensor x, int axis, boolean largest, boolean keepDims, boolean last) {
        int[] shape = Indexing.dims(x.shape());
        int outer = Indexing.product(shape, 0, axis);
        int n = shape[axis];
        int inner = Indexing.product(shape, axis + 1, shape.length);
        boolean[] reduced = new boolean[shape.length];
        reduced[axis] = true;
        long[] out = new long[outer * inner];
        double[] v = x.elementType().isFloating() ? x.toDoubles() : null;
        long[] l = v == null ? x.toLongs() : null;
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int best = 0;
                for (int k = 1; k < n; k++) {
                    int a = (o * n + k) * inner + i;
                    int b = (o * n + best) * inner + i;
                    int cmp = v != null ? Double.compare(v[a], v[b]) : Long.compare(l[a], l[b]);
                    if (!largest) {
                        cmp = -cmp;
                    }
                    if (cmp > 0 || (cmp == 0 && last)) {
                        best = k;
                    }
                }
                out[o * inner + i] = best;
            }
        }
        return Tensor.fromLongs(TensorType.of(ElementType.INT64, reducedShape(shape, reduced, keepDims)), out);
    }

    /** Running sums along {@code axis}, inclusive or exclusive, forward or reversed. */
    static Tensor cumSum(Tensor x, int axis, boolean exclusive, boolean reverse) {
        int[] shape = Indexing.dims(x.shape());
        int outer = Indexing.product(shape, 0, axis);
        int n = shape[axis];
        int inner = Indexing.product(shape, axis + 1, shape.length);
        TensorType type = TensorType.of(x.elementType(), shape);
        boolean floating = x.elementType().isFloating();
        double[] v = floating ? x.toDoubles() : null;
        long[] l = floating ? null : x.toLongs();
        double[] dv = floating ? new double[x.size()] : null;
        long[] lv = floating ? null : new long[x.size()];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double ds = 0;
                long ls = 0;
                for (int s = 0; s < n; s++) {
                    int k = reverse ? n - 1 - s : s;
                    int at = (o * n + k) * inner + i;
                    if (floating) {
                        if (exclusive) {
                            dv[at] = ds;
                        }
                        ds = x.elementType() == ElementType.FLOAT ? (float) (ds + v[at]) : ds + v[at];
                        if (!exclusive) {
                            dv[at] = ds;
                        }
                    } else {
                        if (exclusive) {
                            lv[at] = ls;
                        }
                        ls = x.elementType().wrap(ls + l[at]);
                        if (!exclusive) {
                            lv[at] = ls;
                        }
                    }
                }
            }
        }
        return floating ? Tensor.fromDoubles(type, dv) : Tensor.fromLongs(type, lv);
    }
}
