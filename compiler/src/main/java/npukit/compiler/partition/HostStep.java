package npukit.compiler.partition;

import java.util.List;
import java.util.stream.Collectors;
import npukit.compiler.ir.Node;

/** Nodes the host runs in Java, each with the reason it is not on the NPU. */
public record HostStep(List<Node> nodes, List<String> reasons) implements Step {

    public HostStep {
        if (nodes == null || reasons == null || nodes.isEmpty() || nodes.size() != reasons.size()) {
            throw new IllegalArgumentException("a host step needs nodes, each with a reason");
        }
        nodes = List.copyOf(nodes);
        reasons = List.copyOf(reasons);
    }

    @Override
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            sb.append(i == 0 ? "" : "\n").append("host ").append(n.op()).append(' ').append(n.name()).append(": ")
                    .append(n.inputs().stream().map(v -> v.ref()).collect(Collectors.joining(", "))).append(" -> ")
                    .append(n.outputs().stream().map(v -> v.ref()).collect(Collectors.joining(", ")))
                    .append("  (").append(reasons.get(i)).append(')');
        }
        return sb.toString();
    }
}
