package npukit.compiler.interp;

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

    /**
     * For each element of {@code out} (row-major), the index of the element of a tensor of shape
     * {@code in} that numpy broadcasting reads there; {@code in} aligns with the trailing axes of out.
     */
    static int[] broadcastMap(int[] out, int[] in) {
        int rank = out.length;
        int offset = rank - in.length;
        int[] inStrides = strides(in);
        int[] map = new int[count(out)];
        int[] idx = new int[rank];
        for (int i = 0; i < map.length; i++) {
            int src = 0;
            for (int a = offset; a < rank; a++) {
                int d = in[a - offset];
                src += (d == 1 ? 0 : idx[a]) * inStrides[a - offset];
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

    /** numpy's broadcast of two shapes (they are known to broadcast). */
    static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new InterpreterException("shapes " + java.util.Arrays.toString(a) + " and "
                        + java.util.Arrays.toString(b) + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }
}
