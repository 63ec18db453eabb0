package npukit.compiler.interp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import npukit.compiler.ir.OnnxRuntimeOp;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import npukit.compiler.onnx.SingleNodeModel;
import npukit.compiler.ort.OnnxRuntimeException;
import npukit.compiler.ort.OnnxRuntimeSession;

/**
 * Runs the operators the IR does not know through ONNX Runtime: each as a one-node model, one session
 * per node and operand types, kept for the length of one interpreter run and closed after it.
 */
final class OnnxRuntimeKernel implements AutoCloseable {

    private final Map<String, OnnxRuntimeSession> sessions = new HashMap<>();

    List<Tensor> run(OnnxRuntimeOp n, List<Tensor> operands) {
        List<TensorType> types = operands.stream().map(Tensor::type).toList();
        String key = n.name() + types;
        OnnxRuntimeSession session = sessions.get(key);
        if (session == null) {
            try {
                session = new OnnxRuntimeSession(SingleNodeModel.of(n, types));
            } catch (OnnxRuntimeException e) {
                throw new InterpreterException(n.op() + " " + n.name() + ": " + e.getMessage());
            }
            sessions.put(key, session);
        }
        Map<String, Tensor> feed = new LinkedHashMap<>();
        for (int i = 0; i < operands.size(); i++) {
            feed.put(n.operands().get(i).name(), operands.get(i));
        }
        Map<String, Tensor> out;
        try {
            out = session.run(feed);
        } catch (OnnxRuntimeException e) {
            throw new InterpreterException(n.op() + " " + n.name() + ": " + e.getMessage());
        }
        List<Tensor> results = new ArrayList<>();
        for (Value r : n.results()) {
            results.add(out.get(r.name()));
        }
        return results;
    }

    @Override
    public void close() {
        sessions.values().forEach(OnnxRuntimeSession::close);
        sessions.clear();
    }
}
