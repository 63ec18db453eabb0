package npukit.compiler.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The checks node constructors share; each failure names the operator, the node and the operand. */
final class Check {

    private Check() {
    }

    static void name(String op, String node) {
        if (node == null || node.isEmpty()) {
            throw new IrException(op + ": a node needs a non-empty name");
        }
    }

    static Value present(String op, String node, String operand, Value v) {
        if (v == null) {
            throw IrException.at(op, node, "operand " + operand + " is missing");
        }
        return v;
    }

    static <T> Optional<T> optional(String op, String node, String operand, Optional<T> v) {
        if (v == null) {
            throw IrException.at(op, node, "optional operand " + operand + " is null; use Optional.empty()");
        }
        return v;
    }

    static void elementType(String op, String node, String operand, Value v, ElementType... allowed) {
        if (!Arrays.asList(allowed).contains(v.type().elementType())) {
            throw IrException.at(op, node, operand + " " + v.text() + " must be one of " + Arrays.toString(allowed));
        }
    }

    static void rank(String op, String node, String operand, Value v, int rank) {
        if (v.type().rank() != rank) {
            throw IrException.at(op, node, operand + " " + v.text() + " must have rank " + rank);
        }
    }

    static void minRank(String op, String node, String operand, Value v, int rank) {
        if (v.type().rank() < rank) {
            throw IrException.at(op, node, operand + " " + v.text() + " must have rank >= " + rank);
        }
    }

    /** A scalar or a one-element vector (ONNX allows both for scales and zero points). */
    static void scalar(String op, String node, String operand, Value v) {
        TensorType t = v.type();
        if (!(t.rank() == 0 || (t.rank() == 1 && (t.dim(0) == 1 || t.dim(0) == TensorType.UNKNOWN)))) {
            throw IrException.at(op, node, operand + " " + v.text() + " must be a scalar");
        }
    }

    /** A 1-D INT64 or INT32 operand: axes, indices, sizes or pads. */
    static void indexVector(String op, String node, String operand, Value v) {
        elementType(op, node, operand, v, ElementType.INT64, ElementType.INT32);
        rank(op, node, operand, v, 1);
    }

    /** The length of a 1-D operand, or UNKNOWN. */
    static int length(Value v) {
        return v.type().rank() == 1 ? v.type().dim(0) : TensorType.UNKNOWN;
    }

    /** A type of the given element type and rank whose dimensions are all unknown. */
    static TensorType unknownShape(ElementType e, int rank) {
        int[] dims = new int[rank];
        Arrays.fill(dims, TensorType.UNKNOWN);
        return TensorType.of(e, dims);
    }

    static void sameElementType(String op, String node, String operand, Value v, Value reference) {
        if (v.type().elementType() != reference.type().elementType()) {
            throw IrException.at(op, node, operand + " " + v.text() + " must have the element type of " + reference.text());
        }
    }

    static int axis(String op, String node, int axis, int rank) {
        if (axis < 0 || axis >= Math.max(rank, 1)) {
            throw IrException.at(op, node, "axis " + axis + " out of range for rank " + rank + " (normalized axes are 0.." + (rank - 1) + ")");
        }
        return axis;
    }

    /** The declared output must be what the operator produces (it may know dimensions inference does not). */
    static void output(String op, String node, Value y, TensorType inferred) {
        Check.present(op, node, "output", y);
        if (y.type().refine(inferred) == null) {
            throw IrException.at(op, node, "output " + y.text() + " disagrees with the inferred type " + inferred.text());
        }
    }

    static List<Value> withOptionals(List<Value> required, List<Optional<Value>> optionals) {
        List<Value> all = new ArrayList<>(required);
        optionals.forEach(o -> o.ifPresent(all::add));
        return List.copyOf(all);
    }

    static String optionalText(String label, Optional<Value> v) {
        return v.map(x -> ", " + label + "=" + x.ref()).orElse("");
    }

    /**
     * A scale (FLOAT) and its zero point: both scalars, or, when {@code perAxisLength} is not null,
     * optionally 1-D with that many entries (one per slice of the quantized axis).
     */
    static void quantization(String op, String node, String scaleName, Value scale, String zpName, Optional<Value> zp,
                             Integer perAxisLength) {
        present(op, node, scaleName, scale);
        elementType(op, node, scaleName, scale, ElementType.FLOAT);
        boolean perAxis = scale.type().rank() == 1 && perAxisLength != null && scale.type().dim(0) != 1;
        if (perAxis) {
            int n = scale.type().dim(0);
            if (n != TensorType.UNKNOWN && perAxisLength != TensorType.UNKNOWN && n != perAxisLength) {
                throw IrException.at(op, node, scaleName + " " + scale.text() + " needs " + perAxisLength + " entries, one per slice");
            }
        } else {
            scalar(op, node, scaleName, scale);
        }
        zp.ifPresent(z -> {
            elementType(op, node, zpName, z, ElementType.INT8, ElementType.UINT8, ElementType.INT32);
            if (!z.type().shape().equals(scale.type().shape())) {
                throw IrException.at(op, node, zpName + " " + z.text() + " must have the shape of " + scale.text());
            }
        });
    }

    /** An optional zero point of {@code of}'s element type: a scalar or, when allowed, 1-D of {@code perAxisLength}. */
    static void zeroPoint(String op, String node, String operand, Optional<Value> zp, Value of, Integer perAxisLength) {
        optional(op, node, operand, zp);
        zp.ifPresent(z -> {
            sameElementType(op, node, operand, z, of);
            if (perAxisLength != null && z.type().rank() == 1 && z.type().dim(0) != 1) {
                int n = z.type().dim(0);
                if (n != TensorType.UNKNOWN && perAxisLength != TensorType.UNKNOWN && n != perAxisLength) {
                    throw IrException.at(op, node, operand + " " + z.text() + " needs " + perAxisLength + " entries");
                }
            } else {
                scalar(op, node, operand, z);
            }
        });
    }

    /** A 1-D scale with more than one entry: parameters per slice of an axis. */
    static boolean isPerAxis(Value scale) {
        return scale.type().rank() == 1 && scale.type().dim(0) != 1;
    }

    /**
     * For per-axis parameters, the length of {@code x} along {@code axis} (checked to be a normalized
     * axis); for per-tensor ones null, and {@code axis} must be 0.
     */
    static Integer perAxisSlices(String op, String node, Value x, Value scale, int axis) {
        if (!isPerAxis(scale)) {
            if (axis != 0) {
                throw IrException.at(op, node, "axis " + axis + " given with per-tensor scale " + scale.text() + "; use 0");
            }
            return null;
        }
        return x.type().dim(axis(op, node, axis, x.type().rank()));
    }
}
