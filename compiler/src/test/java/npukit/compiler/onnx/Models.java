package npukit.compiler.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small hand-made ONNX models, built with the generated protobuf builders. */
final class Models {

    private Models() {
    }

    static OnnxMl.ValueInfoProto tensor(String name, OnnxMl.TensorProto.DataType type, Object... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            shape.addDim(d instanceof String s ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(s)
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
    }

    /** An output declared by name only, so its type must be inferred. */
    static OnnxMl.ValueInfoProto untyped(String name) {
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).build();
    }

    static OnnxMl.NodeProto.Builder node(String name, String op, String[] inputs, String... outputs) {
        OnnxMl.NodeProto.Builder b = OnnxMl.NodeProto.newBuilder().setName(name).setOpType(op);
        for (String i : inputs) {
            b.addInput(i);
        }
        for (String o : outputs) {
            b.addOutput(o);
        }
        return b;
    }

    static OnnxMl.AttributeProto ints(String name, long... values) {
        OnnxMl.AttributeProto.Builder b = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        return b.build();
    }

    static OnnxMl.AttributeProto integer(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT).setI(value).build();
    }

    static OnnxMl.AttributeProto string(String name, String value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    /** A float initializer stored as little-endian raw_data. */
    static OnnxMl.TensorProto rawFloats(String name, long[] dims, float... values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buf.putFloat(v);
        }
        OnnxMl.TensorProto.Builder b = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(buf.array()));
        for (long d : dims) {
            b.addDims(d);
        }
        return b.build();
    }

    static OnnxMl.ModelProto model(int opset, OnnxMl.GraphProto.Builder graph) {
        return OnnxMl.ModelProto.newBuilder().setIrVersion(7)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph.setName("handmade")).build();
    }

    static Path write(Path dir, String file, OnnxMl.ModelProto model) throws IOException {
        Path p = dir.resolve(file);
        Files.write(p, model.toByteArray());
        return p;
    }
}
