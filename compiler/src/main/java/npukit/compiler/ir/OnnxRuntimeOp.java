package npukit.compiler.ir;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

/**
 * An ONNX operator the IR has no node for, kept whole: its serialized {@code NodeProto} and the
 * operator set versions it was written against. The host runs it through ONNX Runtime; its operands
 * and results are typed like any other node's.
 *
 * @param reason why the IR does not take the operator (e.g. {@code no IR operator}), for reports
 */
public record OnnxRuntimeOp(String name, String opType, String domain, Map<String, Long> opsets, List<Value> operands,
                            List<Value> results, String reason, Proto proto) implements Node {

    /** The serialized NodeProto: an immutable copy of its bytes. */
    public static final class Proto {
        private final byte[] bytes;

        public Proto(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        public byte[] bytes() {
            return bytes.clone();
        }

        String digest() {
            CRC32 crc = new CRC32();
            crc.update(bytes);
            return String.format("%08x", crc.getValue());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Proto p && Arrays.equals(p.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    public OnnxRuntimeOp {
        Check.name(opType == null ? "OnnxRuntimeOp" : opType, name);
        if (opType == null || opType.isEmpty() || domain == null || opsets == null || operands == null || results == null
                || reason == null || proto == null) {
            throw IrException.at("OnnxRuntimeOp", name, "needs an operator type, a domain, opsets, operands, results, a reason and its proto");
        }
        opsets = Collections.unmodifiableMap(new TreeMap<>(opsets));
        operands = List.copyOf(operands);
        results = List.copyOf(results);
        if (results.isEmpty()) {
            throw IrException.at(opType, name, "needs at least one result");
        }
    }

    @Override
    public String op() {
        return domain.isEmpty() || domain.equals("ai.onnx") ? opType : domain + "." + opType;
    }

    @Override
    public List<Value> inputs() {
        return operands;
    }

    @Override
    public List<Value> outputs() {
        return results;
    }

    @Override
    public String operandText() {
        return operands.stream().map(Value::ref).collect(Collectors.joining(", "));
    }

    @Override
    public String attributeText() {
        return "onnxruntime opsets=" + opsets.entrySet().stream().map(e -> (e.getKey().isEmpty() ? "ai.onnx" : e.getKey())
                + ":" + e.getValue()).collect(Collectors.joining(",")) + " node=" + proto.digest();
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new OnnxRuntimeOp(name, opType, domain, opsets, operands.stream().map(replace).toList(),
                results.stream().map(replace).toList(), reason, proto);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
