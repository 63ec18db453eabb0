package npukit.compiler.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.Map;
import npukit.compiler.ir.OnnxRuntimeOp;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/**
 * A one-node ONNX model around an {@link OnnxRuntimeOp}: its NodeProto as imported, its operator set
 * versions, its operands as graph inputs of the given types and its results as graph outputs by
 * names, so that ONNX Runtime infers their types and runs the node.
 */
public final class SingleNodeModel {

    /** IR version 10 reads every operator set up to 21. */
    private static final long IR_VERSION = 10;

    private SingleNodeModel() {
    }

    /** The serialized model, operands typed by {@code operandTypes} (in operand order; unknown dimensions symbolic). */
    public static byte[] of(OnnxRuntimeOp op, List<TensorType> operandTypes) {
        List<Value> operands = new java.util.ArrayList<>();
        for (int i = 0; i < op.operands().size(); i++) {
            operands.add(new Value(op.operands().get(i).name(), operandTypes.get(i)));
        }
        return of(op.proto().bytes(), op.opsets(), operands, op.results().stream().map(Value::name).toList());
    }

    /**
     * The serialized model of one serialized NodeProto: {@code operands} are its graph inputs,
     * {@code results} its graph outputs, whose types the runtime infers.
     */
    static byte[] of(byte[] nodeProto, Map<String, Long> opsets, List<Value> operands, List<String> results) {
        OnnxMl.NodeProto node;
        try {
            node = OnnxMl.NodeProto.parseFrom(nodeProto);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a NodeProto that does not parse", e);
        }
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("node").addNode(node);
        for (Value v : operands) {
            g.addInput(info(v.name(), v.type()));
        }
        for (String r : results) {
            g.addOutput(untyped(r));
        }
        OnnxMl.ModelProto.Builder m = OnnxMl.ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("npukit")
                .setGraph(g);
        for (Map.Entry<String, Long> e : opsets.entrySet()) {
            m.addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain(e.getKey()).setVersion(e.getValue()));
        }
        return m.build().toByteArray();
    }

    /** A graph output whose type the runtime infers. */
    static OnnxMl.ValueInfoProto untyped(String name) {
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).build();
    }

    private static OnnxMl.ValueInfoProto info(String name, TensorType type) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (int i = 0; i < type.rank(); i++) {
            int d = type.dim(i);
            shape.addDim(d == TensorType.UNKNOWN
                    ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(name + "_" + i)
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        OnnxMl.TypeProto.Tensor.Builder t = OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(OnnxTypes.code(type.elementType())).setShape(shape);
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(t)).build();
    }
}
