package npukit.compiler.interp;

import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.UnaryFunction;

/**
 * Element-wise operators: unary functions, broadcast binary functions, Where, Clip and Cast. Floating
 * elements are computed in double and rounded once to the element type; integer ones exactly.
 */
final class ElementwiseKernel {

    private ElementwiseKernel() {
    }

    static Tensor unary(UnaryFunction f, Tensor x) {
        ElementType in = x.elementType();
        TensorType type = TensorType.of(f.resultType(in), Indexing.dims(x.shape()));
        int n = x.size();
        if (in.isFloating()) {
            double[] v = x.toDoubles();
            for (int i = 0; i < n; i++) {
                v[i] = f.apply(v[i]);
            }
            return Tensor.fromDoubles(type, v);
        }
        long[] v = x.toLongs();
        for (int i = 0; i < n; i++) {
            v[i] = f.applyExact(v[i], in);
        }
        return Tensor.fromLongs(type, v);
    }

    /** {@code f(a, b)} with numpy broadcasting. */
    static Tensor binary(BinaryFunction f, Tensor a, Tensor b) {
        int[] shape = Indexing.broadcast(Indexing.dims(a.shape()), Indexing.dims(b.shape()));
        int[] am = Indexing.broadcastMap(shape, Indexing.dims(a.shape()));
        int[] bm = Indexing.broadcastMap(shape, Indexing.dims(b.shape()));
        ElementType e = a.elementType();
        TensorType type = TensorType.of(f.resultType(e), shape);
        int n = Indexing.count(shape);
        if (e.isFloating() || b.elementType().isFloating()) {
            double[] av = a.toDoubles();
            double[] bv = b.toDoubles();
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = f.apply(av[am == null ? i : am[i]], bv[bm == null ? i : bm[i]]);
            }
            return Tensor.fromDoubles(type, y);
        }
        long[] av = a.toLongs();
        long[] bv = b.toLongs();
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = f.applyExact(av[am == null ? i : am[i]], bv[bm == null ? i : bm[i]], e);
        }
        return Tensor.fromLongs(type, y);
    }

    /** {@code condition ? a : b}, all three broadcast together. */
    static Tensor where(Tensor condition, Tensor a, Tensor b) {
        int[] shape = Indexing.broadcast(Indexing.dims(condition.shape()),
                Indexing.broadcast(Indexing.dims(a.shape()), Indexing.dims(b.shape())));
        int[] cm = Indexing.broadcastMap(shape, Indexing.dims(condition.shape()));
        int[] am = Indexing.broadcastMap(shape, Indexing.dims(a.shape()));
        int[] bm = Indexing.broadcastMap(shape, Indexing.dims(b.shape()));
        int n = Indexing.count(shape);
        Tensor both = MovementKernel.concatFlat(a, b);
        int[] source = new int[n];
        for (int i = 0; i < n; i++) {
            boolean pick = condition.getLong(cm == null ? i : cm[i]) != 0;
            source[i] = pick ? (am == null ? i : am[i]) : a.size() + (bm == null ? i : bm[i]);
        }
        return both.gather(TensorType.of(a.elementType(), shape), source);
    }

    /** {@code min(max(x, min), max)}; an absent bound does not clamp. */
    static Tensor clip(Tensor x, Tensor min, Tensor max) {
        TensorType type = TensorType.of(x.elementType(), Indexing.dims(x.shape()));
        if (x.elementType().isFloating()) {
            double lo = min == null ? Double.NEGATIVE_INFINITY : min.getDouble(0);
            double hi = max == null ? Double.POSITIVE_INFINITY : max.getDouble(0);
            double[] v = x.toDoubles();
            for (int i = 0; i < v.length; i++) {
                v[i] = Double.isNaN(v[i]) ? v[i] : Math.min(Math.max(v[i], lo), hi);
            }
            return Tensor.fromDoubles(type, v);
        }
        long lo = min == null ? Long.MIN_VALUE : min.getLong(0);
        long hi = max == null ? Long.MAX_VALUE : max.getLong(0);
        long[] v = x.toLongs();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.min(Math.max(v[i], lo), hi);
        }
        return Tensor.fromLongs(type, v);
    }

    /**
     * Each element converted to {@code to}: to a floating type by rounding to nearest, to BOOL as "not
     * zero", to an integer type from a floating one truncated toward zero then wrapped (NaN gives 0), from
     * an integer one wrapped.
     */
    static Tensor cast(Tensor x, ElementType to) {
        TensorType type = TensorType.of(to, Indexing.dims(x.shape()));
        ElementType from = x.elementType();
        if (to.isFloating()) {
            return from.isFloating() ? Tensor.fromDoubles(type, x.toDoubles()) : Tensor.fromLongs(type, x.toLongs());
        }
        long[] v = new long[x.size()];
        for (int i = 0; i < v.length; i++) {
            if (to == ElementType.BOOL) {
                v[i] = from.isFloating() ? (x.getDouble(i) != 0 ? 1 : 0) : (x.getLong(i) != 0 ? 1 : 0);
            } else if (from.isFloating()) {
                v[i] = to.wrap(truncate(x.getDouble(i)));
            } else {
                v[i] = to.wrap(x.getLong(i));
            }
        }
        return Tensor.fromLongs(type, v);
    }

    private static long truncate(double d) {
        return Double.isNaN(d) ? 0 : (long) d;
    }
}
