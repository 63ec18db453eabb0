package npukit.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The type of a tensor: element type, shape and layout. A dimension of {@link #UNKNOWN} is one the
 * model leaves open (a symbolic batch size); it prints as {@code ?}.
 */
public record TensorType(ElementType elementType, List<Integer> shape, Layout layout) {

    public static final int UNKNOWN = -1;

    /**
     * The most elements one tensor may hold: 2^28 (1 GiB of float32). Larger declared shapes are
     * refused before anything is allocated.
     */
    public static final long MAX_ELEMENTS = 1L << 28;

    public TensorType {
        if (elementType == null || shape == null || layout == null) {
            throw new IrException("a tensor type needs an element type, a shape and a layout");
        }
        shape = List.copyOf(shape);
        for (int d : shape) {
            if (d < UNKNOWN) {
                throw new IrException("dimension " + d + " in shape " + shape + ": dimensions are >= 0 or unknown");
            }
        }
        if (layout != Layout.ANY && shape.size() != 4) {
            throw new IrException("layout " + layout + " needs a 4-D shape, not " + shape);
        }
    }

    public static TensorType of(ElementType elementType, int... dims) {
        List<Integer> shape = new ArrayList<>();
        for (int d : dims) {
            shape.add(d);
        }
        return new TensorType(elementType, shape, Layout.ANY);
    }

    public int rank() {
        return shape.size();
    }

    public int dim(int axis) {
        return shape.get(axis);
    }

    /** True when every dimension is known. */
    public boolean isStatic() {
        return shape.stream().allMatch(d -> d != UNKNOWN);
    }

    /** The number of elements; the shape must be static. */
    public int elementCount() {
        if (!isStatic()) {
            throw new IrException("type " + text() + " has unknown dimensions and no element count");
        }
        long n = 1;
        for (int d : shape) {
            n = Math.min(n * d, MAX_ELEMENTS + 1);
        }
        if (n > MAX_ELEMENTS) {
            throw new IrException("type " + text() + " has more elements than the limit of " + MAX_ELEMENTS + " (2^28)");
        }
        return (int) n;
    }

    public TensorType withShape(List<Integer> newShape) {
        return new TensorType(elementType, newShape, newShape.size() == 4 ? layout : Layout.ANY);
    }

    public TensorType withLayout(Layout newLayout) {
        return new TensorType(elementType, shape, newLayout);
    }

    public TensorType withElementType(ElementType newType) {
        return new TensorType(newType, shape, layout);
    }

    /**
     * True when a tensor of type {@code actual} may stand where this type is declared: the same element
     * type and rank, and equal dimensions wherever this type knows them. Layouts are not compared.
     */
    public boolean accepts(TensorType actual) {
        if (actual.elementType != elementType || actual.rank() != rank()) {
            return false;
        }
        for (int i = 0; i < rank(); i++) {
            if (dim(i) != UNKNOWN && dim(i) != actual.dim(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Combines two descriptions of the same tensor (inferred and declared), keeping every known
     * dimension; null when they contradict each other.
     */
    public TensorType refine(TensorType other) {
        if (other.elementType != elementType || other.rank() != rank()) {
            return null;
        }
        List<Integer> merged = new ArrayList<>();
        for (int i = 0; i < rank(); i++) {
            int a = dim(i);
            int b = other.dim(i);
            if (a != UNKNOWN && b != UNKNOWN && a != b) {
                return null;
            }
            merged.add(a != UNKNOWN ? a : b);
        }
        return new TensorType(elementType, merged, layout != Layout.ANY ? layout : other.layout);
    }

    /** {@code f32[?,1,28,28] NCHW}: element type, shape, and the layout when it is not ANY. */
    public String text() {
        String dims = shape.stream().map(d -> d == UNKNOWN ? "?" : Integer.toString(d))
                .collect(Collectors.joining(",", "[", "]"));
        return elementType.text() + dims + (layout == Layout.ANY ? "" : " " + layout.text());
    }

    @Override
    public String toString() {
        return text();
    }
}
