package npukit.compiler.ir;

import java.util.ArrayList;
import java.util.List;

/** Shape rules several operators share: numpy broadcasting and matrix products. */
public final class Shapes {

    private Shapes() {
    }

    /** The numpy (ONNX multidirectional) broadcast of two shapes; unknown dimensions stay unknown. */
    public static List<Integer> broadcast(String op, String node, List<Integer> a, List<Integer> b) {
        int rank = Math.max(a.size(), b.size());
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.size() ? 1 : a.get(i - (rank - a.size()));
            int db = i < rank - b.size() ? 1 : b.get(i - (rank - b.size()));
            out.add(broadcastDim(op, node, a, b, da, db));
        }
        return out;
    }

    private static int broadcastDim(String op, String node, List<Integer> a, List<Integer> b, int da, int db) {
        if (da == db || db == 1) {
            return da;
        }
        if (da == 1) {
            return db;
        }
        if (da == TensorType.UNKNOWN) {
            return db;
        }
        if (db == TensorType.UNKNOWN) {
            return da;
        }
        throw IrException.at(op, node, "shapes " + a + " and " + b + " do not broadcast");
    }

    /** True when {@code from} broadcasts to {@code to} without changing {@code to} (unidirectional). */
    public static boolean broadcastsTo(List<Integer> from, List<Integer> to) {
        if (from.size() > to.size()) {
            return false;
        }
        for (int i = 0; i < from.size(); i++) {
            int f = from.get(i);
            int t = to.get(to.size() - from.size() + i);
            if (f != 1 && f != t && f != TensorType.UNKNOWN && t != TensorType.UNKNOWN) {
                return false;
            }
        }
        return true;
    }

    /**
     * The shape of numpy's matmul of {@code a} and {@code b}: a 1-D operand is a row (first) or a
     * column (second) vector whose added axis is dropped again; leading axes broadcast.
     */
    public static List<Integer> matmul(String op, String node, List<Integer> a, List<Integer> b) {
        if (a.isEmpty() || b.isEmpty()) {
            throw IrException.at(op, node, "matmul operands must have rank >= 1, not " + a + " and " + b);
        }
        List<Integer> a2 = a.size() == 1 ? List.of(1, a.get(0)) : a;
        List<Integer> b2 = b.size() == 1 ? List.of(b.get(0), 1) : b;
        int k1 = a2.get(a2.size() - 1);
        int k2 = b2.get(b2.size() - 2);
        if (k1 != k2 && k1 != TensorType.UNKNOWN && k2 != TensorType.UNKNOWN) {
            throw IrException.at(op, node, "inner dimensions differ: " + a + " times " + b);
        }
        List<Integer> out = new ArrayList<>(broadcast(op, node, a2.subList(0, a2.size() - 2), b2.subList(0, b2.size() - 2)));
        if (a.size() > 1) {
            out.add(a2.get(a2.size() - 2));
        }
        if (b.size() > 1) {
            out.add(b2.get(b2.size() - 1));
        }
        return out;
    }

    /** An ONNX axis in [-rank, rank) made non-negative. */
    public static int normalizeAxis(String op, String node, long axis, int rank) {
        if (axis < -rank || axis >= rank) {
            throw IrException.at(op, node, "axis " + axis + " is out of range for rank " + rank);
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    /** The product of {@code shape[from..to)}, unknown when any factor is. */
    public static int product(List<Integer> shape, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            if (shape.get(i) == TensorType.UNKNOWN) {
                return TensorType.UNKNOWN;
            }
            p *= shape.get(i);
        }
        return (int) p;
    }

    /** Row-major strides of a static shape. */
    public static int[] strides(List<Integer> shape) {
        int[] s = new int[shape.size()];
        int acc = 1;
        for (int i = shape.size() - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape.get(i);
        }
        return s;
    }
}
