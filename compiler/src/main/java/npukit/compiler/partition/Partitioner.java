package npukit.compiler.partition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import npukit.compiler.ir.ConvInteger;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.MatMul;
import npukit.compiler.ir.MatMulInteger;
import npukit.compiler.ir.MaxPool;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.QLinearConv;
import npukit.compiler.ir.QLinearMatMul;
import npukit.compiler.ir.Value;
import npukit.compiler.lower.FusedLayer;
import npukit.compiler.lower.MaxPoolRows;

/**
 * Cuts a graph into NPU steps and host steps. Every product with constant weights that
 * {@link LayerMatcher} recognises becomes a fused layer on the NPU; each integer ONNX product becomes an
 * {@link IntegerStep}; a float MatMul of two activations or a channel gate's Mul becomes a {@link DynamicStep}; a max pool that alone reads a convolution's output joins its step when the
 * vector ALU can run it ({@link MaxPoolRows}); on a chip with a lookup table a layer takes in a HardSwish or
 * other one-input function after it; every other node runs on the host, with its reason recorded.
 * With {@code chain}, a dense layer that reads the previous dense layer's
 * output (and nothing else reads it) joins that layer's step, so the two run as one program.
 */
public final class Partitioner {

    private Partitioner() {
    }

    public static Partition partition(Graph graph, boolean chain) {
        return partition(graph, chain, null);
    }

    /**
     * As {@link #partition(Graph, boolean)} on a chip whose vector ALU may have a lookup table: with
     * {@code tableRefusal} empty, a layer also takes in a one-input function after it, such as HardSwish, as a
     * code table; non-empty, it says why the chip's table takes none (each such function's host reason); null
     * for a chip without a table.
     */
    public static Partition partition(Graph graph, boolean chain, String tableRefusal) {
        Map<String, Integer> uses = uses(graph);
        LayerMatcher matcher = new LayerMatcher(graph, uses, tableRefusal != null && tableRefusal.isEmpty());
        List<Node> nodes = graph.nodes();
        Set<Integer> taken = new HashSet<>();
        List<Step> steps = new ArrayList<>();
        List<Node> host = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<FusedLayer> npu = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (taken.contains(i)) {
                continue;
            }
            Optional<LayerMatcher.Match> m = matcher.at(i);
            if (m.isPresent() && m.get().nodeIndices().stream().noneMatch(taken::contains)) {
                FusedLayer layer = m.get().layer();
                taken.addAll(m.get().nodeIndices());
                flushHost(steps, host, reasons);
                if (!npu.isEmpty() && !(chain && chains(npu.get(npu.size() - 1), layer, uses))) {
                    steps.add(new NpuStep(npu));
                    npu = new ArrayList<>();
                }
                npu.add(layer);
                Optional<MaxPoolRows> pool = poolAfter(layer, nodes, i + 1, taken, uses);
                if (pool.isPresent()) {
                    steps.add(new NpuStep(npu, pool));
                    npu = new ArrayList<>();
                }
                continue;
            }
            if (!npu.isEmpty()) {
                steps.add(new NpuStep(npu));
                npu = new ArrayList<>();
            }
            if (isIntegerProduct(nodes.get(i))) {
                flushHost(steps, host, reasons);
                steps.add(new IntegerStep(nodes.get(i)));
                continue;
            }
            if (isDynamicProduct(nodes.get(i), graph)) {
                flushHost(steps, host, reasons);
                steps.add(new DynamicStep(nodes.get(i)));
                continue;
            }
            host.add(nodes.get(i));
            reasons.add(HostReasons.of(nodes.get(i), graph, tableRefusal));
        }
        if (!npu.isEmpty()) {
            steps.add(new NpuStep(npu));
        }
        flushHost(steps, host, reasons);
        return new Partition(graph, steps);
    }

    /**
     * The max pool that alone reads a single ungrouped convolution's output, when the VALU can run it
     * ({@link MaxPoolRows#refusal}); its node is then taken. Otherwise it stays host work, and
     * {@link HostReasons} says why.
     */
    private static Optional<MaxPoolRows> poolAfter(FusedLayer layer, List<Node> nodes, int from, Set<Integer> taken,
            Map<String, Integer> uses) {
        if (!layer.isConv() || layer.groups() != 1 || layer.residual().isPresent() || layer.activation().isPresent()
                || uses.getOrDefault(layer.output().name(), 0) != 1) {
            return Optional.empty();
        }
        for (int j = from; j < nodes.size(); j++) {
            Node n = nodes.get(j);
            if (n.inputs().stream().noneMatch(v -> v.name().equals(layer.output().name()))) {
                continue;
            }
            if (n instanceof MaxPool mp && !taken.contains(j) && MaxPoolRows.refusal(mp).isEmpty()) {
                taken.add(j);
                return Optional.of(MaxPoolRows.of(mp));
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The integer ONNX products, which run on the NPU with the model's own quantization parameters. */
    public static boolean isIntegerProduct(Node n) {
        return n instanceof QLinearConv || n instanceof QLinearMatMul || n instanceof ConvInteger
                || n instanceof MatMulInteger;
    }

    /**
     * A float MatMul whose B is not a constant (so no fused layer took it), or a channel gate's Mul of two
     * activations ({@link npukit.compiler.lower.ChannelGate}), whose shapes let the NPU run it with operands
     * quantized at run time ({@link DynamicStep#refusal}).
     */
    static boolean isDynamicProduct(Node n, Graph graph) {
        boolean varies;
        if (n instanceof MatMul mm) {
            varies = graph.constantValue(mm.b().name()).isEmpty();
        } else if (n instanceof ElementwiseBinary e) {
            varies = graph.constantValue(e.a().name()).isEmpty() && graph.constantValue(e.b().name()).isEmpty();
        } else {
            return false;
        }
        return varies && DynamicStep.refusal(n).isEmpty();
    }

    private static boolean chains(FusedLayer prev, FusedLayer next, Map<String, Integer> uses) {
        return !prev.isConv() && !next.isConv() && prev.residual().isEmpty()
                && next.input().name().equals(prev.output().name())
                && uses.getOrDefault(prev.output().name(), 0) == 1 && next.m() == prev.m() && next.k() == prev.n();
    }

    private static void flushHost(List<Step> steps, List<Node> host, List<String> reasons) {
        if (!host.isEmpty()) {
            steps.add(new HostStep(host, reasons));
            host.clear();
            reasons.clear();
        }
    }

    /** How often each value is read by a node or as a graph output. */
    static Map<String, Integer> uses(Graph graph) {
        Map<String, Integer> uses = new HashMap<>();
        for (Node n : graph.nodes()) {
            for (Value v : n.inputs()) {
                uses.merge(v.name(), 1, Integer::sum);
            }
        }
        for (Value v : graph.outputs()) {
            uses.merge(v.name(), 1, Integer::sum);
        }
        return uses;
    }
}
