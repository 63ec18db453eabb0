package npukit.compiler.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.compiler.ir.OnnxRuntimeOp;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import npukit.compiler.ort.OnnxRuntimeException;
import npukit.compiler.ort.OnnxRuntimeSession;

/**
 * Imports a node the IR does not take as an {@link OnnxRuntimeOp}: its operands as they are, its
 * results typed as the model declares them or, where it does not, as ONNX Runtime infers them on a
 * one-node model (the runtime reports a shape it cannot infer as rank 0, so a declaration wins). A node
 * ONNX Runtime cannot load either, or whose results the IR cannot hold, is unsupported.
 */
final class OnnxRuntimeNodes {

    /** The reason recorded for an operator the IR has no node for. */
    static final String NO_IR_OPERATOR = "no IR operator";

    private OnnxRuntimeNodes() {
    }

    static OnnxRuntimeOp of(ConversionContext node, OnnxMl.NodeProto proto, Map<String, Long> opsets, String reason) {
        List<Value> operands = new ArrayList<>();
        for (int i = 0; i < node.inputCount(); i++) {
            node.optionalInput(i).ifPresent(operands::add);
        }
        List<String> resultNames = proto.getOutputList().stream().filter(o -> !o.isEmpty()).toList();
        byte[] bytes = proto.toByteArray();
        Map<String, Optional<TensorType>> inferred;
        try (OnnxRuntimeSession session = new OnnxRuntimeSession(SingleNodeModel.of(bytes, opsets, operands, resultNames))) {
            inferred = session.outputTypes();
        } catch (OnnxRuntimeException e) {
            throw node.unsupported(UnsupportedModelException.Kind.OPERATOR, null,
                    reason + "; ONNX Runtime cannot run it either: " + firstLine(e.getMessage()));
        }
        List<Value> results = new ArrayList<>();
        for (int i = 0; i < proto.getOutputCount(); i++) {
            String name = proto.getOutput(i);
            if (name.isEmpty()) {
                continue;
            }
            Optional<TensorType> byRuntime = inferred.getOrDefault(name, Optional.empty());
            Optional<TensorType> declared = node.declaredOutput(i);
            if (declared.isPresent() && byRuntime.isPresent() && byRuntime.get().rank() > 0
                    && declared.get().refine(byRuntime.get()) == null) {
                throw node.invalid("output " + name + " is declared " + declared.get().text() + " but ONNX Runtime infers "
                        + byRuntime.get().text());
            }
            Optional<TensorType> t = declared.or(() -> byRuntime);
            if (t.isEmpty()) {
                throw node.unsupported(UnsupportedModelException.Kind.ELEMENT_TYPE, null,
                        reason + "; its output " + name + " has an element type the IR cannot hold");
            }
            results.add(node.output(i, t.get()));
        }
        return new OnnxRuntimeOp(node.name(), proto.getOpType(), proto.getDomain(), opsets, operands, results, reason,
                new OnnxRuntimeOp.Proto(bytes));
    }

    private static String firstLine(String s) {
        String line = s.lines().findFirst().orElse(s);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
