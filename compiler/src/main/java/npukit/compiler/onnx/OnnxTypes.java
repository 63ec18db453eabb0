package npukit.compiler.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.TensorType;

/** ONNX element type codes and value infos to IR types. */
final class OnnxTypes {

    private OnnxTypes() {
    }

    /** The IR element type of an ONNX {@code TensorProto.DataType} code, empty when unsupported. */
    static Optional<ElementType> elementType(int code) {
        return Optional.ofNullable(switch (OnnxMl.TensorProto.DataType.forNumber(code) == null
                ? OnnxMl.TensorProto.DataType.UNDEFINED : OnnxMl.TensorProto.DataType.forNumber(code)) {
            case FLOAT -> ElementType.FLOAT;
            case INT8 -> ElementType.INT8;
            case UINT8 -> ElementType.UINT8;
            case INT32 -> ElementType.INT32;
            case INT64 -> ElementType.INT64;
            case DOUBLE -> ElementType.DOUBLE;
            case INT16 -> ElementType.INT16;
            case UINT16 -> ElementType.UINT16;
            case UINT32 -> ElementType.UINT32;
            case BOOL -> ElementType.BOOL;
            default -> null;
        });
    }

    /** The ONNX {@code TensorProto.DataType} code of an IR element type. */
    static int code(ElementType e) {
        return (switch (e) {
            case FLOAT -> OnnxMl.TensorProto.DataType.FLOAT;
            case DOUBLE -> OnnxMl.TensorProto.DataType.DOUBLE;
            case INT8 -> OnnxMl.TensorProto.DataType.INT8;
            case UINT8 -> OnnxMl.TensorProto.DataType.UINT8;
            case INT16 -> OnnxMl.TensorProto.DataType.INT16;
            case UINT16 -> OnnxMl.TensorProto.DataType.UINT16;
            case INT32 -> OnnxMl.TensorProto.DataType.INT32;
            case UINT32 -> OnnxMl.TensorProto.DataType.UINT32;
            case INT64 -> OnnxMl.TensorProto.DataType.INT64;
            case BOOL -> OnnxMl.TensorProto.DataType.BOOL;
        }).getNumber();
    }

    /** The ONNX name of a data type code, e.g. {@code DOUBLE}. */
    static String typeName(int code) {
        OnnxMl.TensorProto.DataType t = OnnxMl.TensorProto.DataType.forNumber(code);
        return t == null ? "data type " + code : t.name();
    }

    /**
     * The tensor type a value info declares, empty when it declares no usable one (no element type, no
     * shape, or an element type the IR lacks); symbolic and missing dimensions are unknown. A declared
     * dimension that is negative or above 2^31 - 1, or a static shape of more than
     * {@link TensorType#MAX_ELEMENTS} elements, is refused: such a model is malformed or hostile.
     */
    static Optional<TensorType> declared(OnnxMl.ValueInfoProto info, ImportErrors errors, String where) {
        if (!info.hasType() || !info.getType().hasTensorType()) {
            return Optional.empty();
        }
        OnnxMl.TypeProto.Tensor t = info.getType().getTensorType();
        if (t.getElemType() == 0 || !t.hasShape()) {
            return Optional.empty();
        }
        List<Integer> shape = dims(t.getShape(), errors, where);
        return elementType(t.getElemType()).map(e -> new TensorType(e, shape, Layout.ANY));
    }

    /**
     * A graph input's type: like {@link #declared}, but a missing or unusable type is an error naming
     * the input (an input must be fed, so its type must be one the IR holds).
     */
    static TensorType input(OnnxMl.ValueInfoProto info, ImportErrors errors) {
        String where = "graph input " + info.getName();
        if (info.hasType() && !info.getType().hasTensorType()) {
            throw errors.unsupported(UnsupportedModelException.Kind.ELEMENT_TYPE, where,
                    "not a tensor but " + info.getType().getValueCase());
        }
        OnnxMl.TypeProto.Tensor t = info.getType().getTensorType();
        if (!info.hasType() || t.getElemType() == 0 || !t.hasShape()) {
            throw errors.unsupported(UnsupportedModelException.Kind.SHAPE, where, "no element type or shape is declared");
        }
        ElementType e = elementType(t.getElemType()).orElseThrow(() -> errors.unsupported(
                UnsupportedModelException.Kind.ELEMENT_TYPE, where, "unsupported element type " + typeName(t.getElemType())));
        return new TensorType(e, dims(t.getShape(), errors, where), Layout.ANY);
    }

    private static List<Integer> dims(OnnxMl.TensorShapeProto shape, ImportErrors errors, String where) {
        List<Integer> dims = new ArrayList<>();
        List<Long> declared = new ArrayList<>();
        for (OnnxMl.TensorShapeProto.Dimension d : shape.getDimList()) {
            declared.add(d.hasDimValue() ? d.getDimValue() : null);
        }
        long count = 1;
        for (int i = 0; i < declared.size(); i++) {
            Long d = declared.get(i);
            if (d == null) {
                dims.add(TensorType.UNKNOWN);
                continue;
            }
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw errors.invalid(where + ": dimension " + i + " of " + shapeText(declared) + " is " + d
                        + "; a dimension must be 0 .. 2^31 - 1");
            }
            dims.add(d.intValue());
            count = Math.min(count * d, TensorType.MAX_ELEMENTS + 1);
        }
        if (count > TensorType.MAX_ELEMENTS) {
            throw errors.invalid(where + ": shape " + shapeText(declared) + " has more than " + TensorType.MAX_ELEMENTS
                    + " elements, the limit for one tensor");
        }
        return dims;
    }

    private static String shapeText(List<Long> dims) {
        return dims.stream().map(d -> d == null ? "?" : Long.toString(d)).toList().toString().replace(" ", "");
    }
}
