package npukit.compiler.interp;

import java.util.List;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;

/** Operators that only move elements: reshape (Flatten, Reshape), Transpose and Concat. */
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
        for (int i = 0; i < rank; i++) {
            out[i] = in[perm.get(i)];
        }
        int[] source = new int[x.size()];
        int[] idx = new int[rank];
        for (int i = 0; i < source.length; i++) {
            int src = 0;
            for (int a = 0; a < rank; a++) {
                src += idx[a] * inStrides[perm.get(a)];
            }
            source[i] = src;
            for (int a = rank - 1; a >= 0; a--) {
                if (++idx[a] < out[a]) {
                    break;
                }
                idx[a] = 0;
            }
        }
        return x.gather(TensorType.of(x.elementType(), out), source);
    }

    /** Joins along {@code axis}: per outer index, each input's block in turn. */
    static Tensor concat(List<Tensor> xs, int axis) {
        int[] first = Indexing.dims(xs.get(0).shape());
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= first[i];
        }
        int total = 0;
        int[] blocks = new int[xs.size()];
        for (int t = 0; t < xs.size(); t++) {
            int[] s = Indexing.dims(xs.get(t).shape());
            total += s[axis];
            blocks[t] = outer == 0 ? 0 : xs.get(t).size() / outer;
        }
        int[] out = first.clone();
        out[axis] = total;
        TensorType type = TensorType.of(xs.get(0).elementType(), out);
        boolean floating = type.elementType().isFloating();
        double[] d = floating ? new double[Indexing.count(out)] : null;
        long[] l = floating ? null : new long[Indexing.count(out)];
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
}
