package npukit.compiler.interp;

import java.util.ArrayList;
import java.util.List;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Pad;
import npukit.compiler.ir.Slice;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;

/**
 * Operators that only move elements: each computes, for every output element, the input element it
 * copies (or "none", for padding), then gathers.
 */
final class MovementKernel {

    private MovementKernel() {
    }

    static Tensor reshape(Tensor x, List<Integer> shape) {
        return x.withType(new TensorType(x.elementType(), shape, Layout.ANY));
    }

    static Tensor transpose(Tensor x, List<Integer> perm) {
        int[] in = Indexing.dims(x.shape());
        int rank = in.length;
        int[] inStrides = Indexing.strides(in);
        int[] out = new int[rank];
        int[] step = new int[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = in[perm.get(i)];
            step[i] = inStrides[perm.get(i)];
        }
        int[] source = new int[x.size()];
        int[] idx = new int[rank];
        int src = 0;
        for (int i = 0; i < source.length; i++) {
            source[i] = src;
            for (int a = rank - 1; a >= 0; a--) {
                src += step[a];
                if (++idx[a] < out[a]) {
                    break;
                }
                src -= step[a] * out[a];
                idx[a] = 0;
            }
        }
        return x.gather(TensorType.of(x.elementType(), out), source);
    }

    /** Joins along {@code axis}: per outer index, each input's block in turn. */
    static Tensor concat(List<Tensor> xs, int axis) {
        int[] first = Indexing.dims(xs.get(0).shape());
        int outer = Indexing.product(first, 0, axis);
        int total = 0;
        int[] blocks = new int[xs.size()];
        for (int t = 0; t < xs.size(); t++) {
            total += xs.get(t).shape().get(axis);
            blocks[t] = outer == 0 ? 0 : xs.get(t).size() / outer;
        }
        int[] out = first.clone();
        out[axis] = total;
        TensorType type = TensorType.of(xs.get(0).elementType(), out);
        boolean floating = type.elementType().isFloating();
        int count = Indexing.count(out);
        double[] d = floating ? new double[count] : null;
        long[] l = floating ? null : new long[count];
        int k = 0;
        for (int o = 0; o < outer; o++) {
            for (int t = 0; t < xs.size(); t++) {
                Tensor x = xs.get(t);
                for (int j = 0; j < blocks[t]; j++, k++) {
                    int src = o * blocks[t] + j;
                    if (floating) {
                        d[k] = x.getDouble(src);
                    } else {
                        l[k] = x.getLong(src);
                    }
                }
            }
        }
        return floating ? Tensor.fromDoubles(type, d) : Tensor.fromLongs(type, l);
    }

    /** The elements of {@code a} then those of {@code b}, as one 1-D tensor (for gathers that pick from both). */
    static Tensor concatFlat(Tensor a, Tensor b) {
        return concat(List.of(reshape(a, List.of(a.size())), reshape(b, List.of(b.size()))), 0);
    }

    /** Gathers {@code x} by {@code map}, where -1 entries take {@code fill} (a one-element tensor of x's type). */
    static Tensor gatherOrFill(Tensor x, int[] out, int[] map, Tensor fill) {
        TensorType type = TensorType.of(x.elementType(), out);
        boolean fills = false;
        for (int m : map) {
            fills |= m < 0;
        }
        if (!fills) {
            return x.gather(type, map);
        }
        Tensor both = concatFlat(x, fill);
        int[] source = map.clone();
        for (int i = 0; i < source.length; i++) {
            if (source[i] < 0) {
                source[i] = x.size();
            }
        }
        return both.gather(type, source);
    }

    /** Entries of x along {@code axis} picked by {@code indices} (negative ones count from the end). */
    static Tensor gather(Tensor x, Tensor indices, int axis) {
        int[] xs = Indexing.dims(x.shape());
        int[] is = Indexing.dims(indices.shape());
        int outer = Indexing.product(xs, 0, axis);
        int inner = Indexing.product(xs, axis + 1, xs.length);
        int n = indices.size();
        int[] out = new int[xs.length - 1 + is.length];
        System.arraycopy(xs, 0, out, 0, axis);
        System.arraycopy(is, 0, out, axis, is.length);
        System.arraycopy(xs, axis + 1, out, axis + is.length, xs.length - axis - 1);
        int[] picked = new int[n];
        for (int j = 0; j < n; j++) {
            picked[j] = index(indices.getLong(j), xs[axis], "Gather");
        }
        int[] source = new int[outer * n * inner];
        int k = 0;
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < n; j++) {
                int base = (o * xs[axis] + picked[j]) * inner;
                for (int i = 0; i < inner; i++) {
                    source[k++] = base + i;
                }
            }
        }
        return x.gather(TensorType.of(x.elementType(), out), source);
    }

    /** {@code y[i] = x[i with axis replaced by indices[i]]}. */
    static Tensor gatherElements(Tensor x, Tensor indices, int axis) {
        int[] xs = Indexing.dims(x.shape());
        int[] is = Indexing.dims(indices.shape());
        int[] xStrides = Indexing.strides(xs);
        int[] idx = new int[is.length];
        int[] source = new int[indices.size()];
        for (int i = 0; i < source.length; i++) {
            int src = 0;
            for (int a = 0; a < is.length; a++) {
                int at = a == axis ? index(indices.getLong(i), xs[axis], "GatherElements") : idx[a];
                src += at * xStrides[a];
            }
            source[i] = src;
            for (int a = is.length - 1; a >= 0; a--) {
                if (++idx[a] < is[a]) {
                    break;
                }
                idx[a] = 0;
            }
        }
        return x.gather(TensorType.of(x.elementType(), is), source);
    }

    private static int index(long i, int dim, String op) {
        long at = i < 0 ? i + dim : i;
        if (at < 0 || at >= dim) {
            throw new InterpreterException(op + ": index " + i + " is out of range for an axis of " + dim);
        }
        return (int) at;
    }

    static Tensor slice(Tensor x, Slice.Window w) {
        int[] in = Indexing.dims(x.shape());
        int[][] source = new int[in.length][];
        for (int a = 0; a < in.length; a++) {
            source[a] = new int[w.count()[a]];
            for (int i = 0; i < source[a].length; i++) {
                source[a][i] = (int) (w.start()[a] + i * w.step()[a]);
            }
        }
        int[] out = w.count().clone();
        return x.gather(TensorType.of(x.elementType(), out), Indexing.axisMap(out, in, source));
    }

    /** The parts of x along {@code axis}, of the given lengths. */
    static List<Tensor> split(Tensor x, int axis, long[] lengths) {
        int[] in = Indexing.dims(x.shape());
        List<Tensor> parts = new ArrayList<>();
        long start = 0;
        for (long n : lengths) {
            long[] starts = new long[in.length];
            long[] steps = new long[in.length];
            int[] counts = in.clone();
            java.util.Arrays.fill(steps, 1);
            starts[axis] = start;
            counts[axis] = (int) n;
            parts.add(slice(x, new Slice.Window(starts, steps, counts)));
            start += n;
        }
        if (start != in[axis]) {
            throw new InterpreterException("Split: parts of " + start + " elements do not cover an axis of " + in[axis]);
        }
        return parts;
    }

    static Tensor tile(Tensor x, long[] repeats) {
        int[] in = Indexing.dims(x.shape());
        int[] out = new int[in.length];
        int[][] source = new int[in.length][];
        for (int a = 0; a < in.length; a++) {
            out[a] = Math.toIntExact(in[a] * repeats[a]);
            source[a] = new int[out[a]];
            for (int i = 0; i < out[a]; i++) {
                source[a][i] = i % in[a];
            }
        }
        return x.gather(TensorType.of(x.elementType(), out), Indexing.axisMap(out, in, source));
    }

    /** x broadcast to its numpy broadcast with {@code shape}. */
    static Tensor expand(Tensor x, int[] shape) {
        int[] out = Indexing.broadcast(Indexing.dims(x.shape()), shape);
        int[] map = Indexing.broadcastMap(out, Indexing.dims(x.shape()));
        return map == null ? x.withType(TensorType.of(x.elementType(), out)) : x.gather(TensorType.of(x.elementType(), out), map);
    }

    /** Pads (or crops) each axis by {@code amounts[axis] = {begin, end}}. */
    static Tensor pad(Tensor x, long[][] amounts, Pad.Mode mode, Tensor fill) {
        int[] in = Indexing.dims(x.shape());
        int[] out = new int[in.length];
        int[][] source = new int[in.length][];
        for (int a = 0; a < in.length; a++) {
            long n = in[a] + amounts[a][0] + amounts[a][1];
            if (n < 0) {
                throw new InterpreterException("Pad: axis " + a + " of " + in[a] + " padded by " + amounts[a][0] + ", "
                        + amounts[a][1] + " leaves nothing");
            }
            out[a] = (int) n;
            source[a] = new int[out[a]];
            for (int i = 0; i < out[a]; i++) {
                source[a][i] = padSource(i - amounts[a][0], in[a], mode);
            }
        }
        return gatherOrFill(x, out, Indexing.axisMap(out, in, source), fill);
    }

    /** The input index a padded position reads, or -1 for a constant. */
    private static int padSource(long i, int n, Pad.Mode mode) {
        if (i >= 0 && i < n) {
            return (int) i;
        }
        if (n == 0) {
            return -1;
        }
        return switch (mode) {
            case CONSTANT -> -1;
            case EDGE -> i < 0 ? 0 : n - 1;
            case WRAP -> (int) Math.floorMod(i, n);
            case REFLECT -> {
                if (n == 1) {
                    yield 0;
                }
                long period = 2L * (n - 1);
                long m = Math.floorMod(i, period);
                yield (int) (m < n ? m : period - m);
            }
        };
    }

    /** (N, C, H, W) to (N, C / b^2, H b, W b); CRD or DCR channel order. */
    static Tensor depthToSpace(Tensor x, int b, boolean crd) {
        int[] s = Indexing.dims(x.shape());
        int n = s[0];
        int c = s[1] / (b * b);
        int h = s[2];
        int w = s[3];
        int[] out = {n, c, h * b, w * b};
        int[] source = new int[x.size()];
        int k = 0;
        for (int in = 0; in < n; in++) {
            for (int oc = 0; oc < c; oc++) {
                for (int oy = 0; oy < h * b; oy++) {
                    for (int ox = 0; ox < w * b; ox++) {
                        int by = oy % b;
                        int bx = ox % b;
                        int ic = crd ? (oc * b + by) * b + bx : (by * b + bx) * c + oc;
                        source[k++] = ((in * s[1] + ic) * h + oy / b) * w + ox / b;
                    }
                }
            }
        }
        return x.gather(TensorType.of(x.elementType(), out), source);
    }

    /** (N, C, H, W) to (N, C b^2, H / b, W / b), DCR channel order. */
    static Tensor spaceToDepth(Tensor x, int b) {
        int[] s = Indexing.dims(x.shape());
        int n = s[0];
        int c = s[1];
        int h = s[2] / b;
        int w = s[3] / b;
        int[] out = {n, c * b * b, h, w};
        int[] source = new int[x.size()];
        int k = 0;
        for (int in = 0; in < n; in++) {
            for (int oc = 0; oc < c * b * b; oc++) {
                int by = oc / (b * c);
                int bx = (oc / c) % b;
                int ic = oc % c;
                for (int oy = 0; oy < h; oy++) {
                    for (int ox = 0; ox < w; ox++) {
                        source[k++] = ((in * c + ic) * s[2] + oy * b + by) * s[3] + ox * b + bx;
                    }
                }
            }
        }
        return x.gather(TensorType.of(x.elementType(), out), source);
    }

    /** Keeps the upper (column - row >= k) or lower (<= k) triangle of the last two axes; the rest is zero. */
    static Tensor trilu(Tensor x, long k, boolean upper) {
        int[] s = Indexing.dims(x.shape());
        int rows = s[s.length - 2];
        int cols = s[s.length - 1];
        int[] map = new int[x.size()];
        for (int i = 0; i < map.length; i++) {
            long col = i % cols;
            long row = (i / cols) % rows;
            boolean keep = upper ? col - row >= k : col - row <= k;
            map[i] = keep ? i : -1;
        }
        return gatherOrFill(x, s, map, Tensor.zeros(TensorType.of(x.elementType(), 1)));
    }
}
