package npukit.runner;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Tensor;

/**
 * A tensor as one serialized ONNX {@code TensorProto}, its values little-endian in {@code raw_data}:
 * the format {@code npu run --input} reads, so an output can be fed back or read by ONNX tools.
 */
public final class TensorProtoFile {

    private TensorProtoFile() {
    }

    public static byte[] bytes(String name, Tensor t) {
        OnnxMl.TensorProto.Builder proto = OnnxMl.TensorProto.newBuilder().setName(name);
        t.shape().forEach(d -> proto.addDims(d));
        ByteBuffer raw;
        switch (t.elementType()) {
            case FLOAT -> {
                proto.setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber());
                raw = ByteBuffer.allocate(t.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < t.size(); i++) {
                    raw.putFloat((float) t.getDouble(i));
                }
            }
            case INT8, UINT8 -> {
                proto.setDataType((t.elementType() == ElementType.INT8
                        ? OnnxMl.TensorProto.DataType.INT8 : OnnxMl.TensorProto.DataType.UINT8).getNumber());
                raw = ByteBuffer.allocate(t.size());
                for (int i = 0; i < t.size(); i++) {
                    raw.put((byte) t.getLong(i));
                }
            }
            case INT32 -> {
                proto.setDataType(OnnxMl.TensorProto.DataType.INT32.getNumber());
                raw = ByteBuffer.allocate(t.size() * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < t.size(); i++) {
                    raw.putInt((int) t.getLong(i));
                }
            }
            case INT64 -> {
                proto.setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber());
                raw = ByteBuffer.allocate(t.size() * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < t.size(); i++) {
                    raw.putLong(t.getLong(i));
                }
            }
            default -> throw new IllegalArgumentException("no TensorProto form for " + t.type().text());
        }
        return proto.setRawData(ByteString.copyFrom(raw.array())).build().toByteArray();
    }
}
