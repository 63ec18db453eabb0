package npukit.compiler.interp;

import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;

/** Element-wise operators: broadcast Add, and unary maps in float32 or exact integer arithmetic. */
final class ElementwiseKernel {

    private ElementwiseKernel() {
    }

    /** {@code a + b} with broadcasting: float32 sums, integer sums wrapped to the element type. */
    static Tensor add(Tensor a, Tensor b) {
        int[] shape = Indexing.broadcast(Indexing.dims(a.shape()), Indexing.dims(b.shape()));
        int[] am = Indexing.broadcastMap(shape, Indexing.dims(a.shape()));
        int[] bm = Indexing.broadcastMap(shape, Indexing.dims(b.shape()));
        ElementType e = a.elementType();
        TensorType type = TensorType.of(e, shape);
        if (e == ElementType.FLOAT) {
            double[] y = new double[am.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) a.getDouble(am[i]) + (float) b.getDouble(bm[i]);
            }
            return Tensor.fromDoubles(type, y);
        }
        long[] y = new long[am.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = e.wrap(a.getLong(am[i]) + b.getLong(bm[i]));
        }
        return Tensor.fromLongs(type, y);
    }

    /** Applies {@code onFloat} (float tensors, result rounded to float) or {@code onInteger} element by element. */
    static Tensor map(Tensor x, DoubleUnaryOperator onFloat, LongUnaryOperator onInteger) {
        TensorType type = new TensorType(x.elementType(), x.shape(), Layout.ANY);
        if (x.elementType() == ElementType.FLOAT) {
            double[] y = new double[x.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = onFloat.applyAsDouble(x.getDouble(i));
            }
            return Tensor.fromDoubles(type, y);
        }
        long[] y = new long[x.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = onInteger.applyAsLong(x.getLong(i));
        }
        return Tensor.fromLongs(type, y);
    }
}
