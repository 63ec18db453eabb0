package npukit.compiler.interp;

import java.util.Arrays;
import java.util.List;

/** Row-major index arithmetic: strides and the source element of each broadcast output element. */
final class Indexing {

    private Indexing() {
    }

    static int[] dims(List<Integer> shape) {
        return shape.stream().mapToInt(Integer::intValue).toArray();
    }

    static int count(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** The product of {@code shape[from..to)}. */
    static int product(int[] shape, int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) {
            n *= shape[i];
        }
        return n;
    }

    /**
     * For each element of {@code out} (row-major), the index of the element of a tensor of shape
     * {@code in} that numpy broadcasting reads there; {@code in} aligns with the trailing axes of out.
     * Null when {@code in} equals {@code out} (every element reads its own index).
     */
    static int[] broadcastMap(int[] out, int[] in) {
        if (Arrays.equals(out, in)) {
            return null;
        }
        int rank = out.length;
        int offset = rank - in.length;
        int[] inStrides = strides(in);
        int[] step = new int[rank];
        for (int a = offset; a < rank; a++) {
            step[a] = in[a - offset] == 1 ? 0 : inStrides[a - offset];
        }
        int[] map = new int[count(out)];
        int[] idx = new int[rank];
        int src = 0;
        for (int i = 0; i < map.length; i++) {
            map[i] = src;
            for (int a = rank - 1; a >= 0; a--) {
                src += step[a];
                if (++idx[a] < out[a]) {
                    break;
                }
                src -= step[a] * out[a];
                idx[a] = 0;
            }
        }
        return map;
    }

    /** numpy's broadcast of two shapes. */
    static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new InterpreterException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * For each element of a tensor of shape {@code out}, the row-major index into {@code in} of the
     * element at the same multi-index mapped through {@code source}: {@code source[axis][outIndex]} gives
     * the input index along that axis, or -1 for "outside" (the result is then -1).
     */
    static int[] axisMap(int[] out, int[] in, int[][] source) {
        int rank = out.length;
        int[] inStrides = strides(in);
        int[] map = new int[count(out)];
        int[] idx = new int[rank];
        for (int i = 0; i < map.length; i++) {
            int src = 0;
            for (int a = 0; a < rank; a++) {
                int s = source[a][idx[a]];
                if (s < 0) {
                    src = -1;
                    break;
                }
                src += s * inStrides[a];
            }
            map[i] = src;
            for (int a = rank - 1; a >= 0; a--) {
                if (++idx[a] < out[a]) {
                    break;
                }
                idx[a] = 0;
            }
        }
        return map;
    }
}
