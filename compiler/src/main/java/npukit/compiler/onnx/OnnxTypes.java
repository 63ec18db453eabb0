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
            default -> null;
        });
    }

    /** The ONNX name of a data type code, e.g. {@code DOUBLE}. */
    static String typeName(int code) {
        OnnxMl.TensorProto.DataType t = OnnxMl.TensorProto.DataType.forNumber(code);
        return t == null ? "data type " + code : t.name();
    }

    /**
     * The tensor type a value info declares, empty when it declares no usable one (no element type or no
     * shape); symbolic and missing dimensions are unknown. Throws for a non-tensor or unsupported type.
     */
    static Optional<TensorType> declared(OnnxMl.ValueInfoProto info, ImportErrors errors, String where) {
        if (!info.hasType()) {
            return Optional.empty();
        }
        OnnxMl.TypeProto type = info.getType();
        if (!type.hasTensorType()) {
            throw errors.unsupported(UnsupportedModelException.Kind.ELEMENT_TYPE, where,
                    "not a tensor but " + type.getValueCase());
        }
        OnnxMl.TypeProto.Tensor t = type.getTensorType();
        if (t.getElemType() == 0 || !t.hasShape()) {
            return Optional.empty();
        }
        ElementType e = elementType(t.getElemType()).orElseThrow(() -> errors.unsupported(
                UnsupportedModelException.Kind.ELEMENT_TYPE, where,
                "unsupported element type " + typeName(t.getElemType())));
        List<Integer> shape = new ArrayList<>();
        for (OnnxMl.TensorShapeProto.Dimension d : t.getShape().getDimList()) {
            shape.add(d.hasDimValue() && d.getDimValue() >= 0 && d.getDimValue() <= Integer.MAX_VALUE
                    ? (int) d.getDimValue() : TensorType.UNKNOWN);
        }
        return Optional.of(new TensorType(e, shape, Layout.ANY));
    }
}
