package npukit.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import npukit.arch.config.ArrayConfig;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/** Builders of one-node integer graphs with seeded random data, and the lower-run-compare check. */
final class IntegerGraphs {

    private IntegerGraphs() {
    }

    /**
     * gemmini with 16-bit operands, so uint8 data minus a zero point (9 bits) fits; its quant unit is
     * already linear, half-even, single rounding, 32-bit multiplier, 8-bit codes.
     */
    static ChipConfig gemmini16() {
        ChipConfig g = ChipPresets.gemmini();
        ArrayConfig a = g.array();
        return new ChipConfig("gemmini-16", "gemmini with 16-bit operands",
                new ArrayConfig(a.rows(), a.cols(), a.dataflow(), 16, 32, a.pe()), g.sram(), g.hbm(), g.quant(), g.clock());
    }

    /** Collects a one-node graph's initializers and values while it is built. */
    static final class Builder {
        final Random random;
        final Map<String, Tensor> initializers = new HashMap<>();

        Builder(long seed) {
            this.random = new Random(seed);
        }

        /** A constant of random codes of {@code type} in [lo, hi]. */
        Value codes(String name, ElementType type, long lo, long hi, int... shape) {
            return constant(name, randomCodes(type, lo, hi, shape));
        }

        Tensor randomCodes(ElementType type, long lo, long hi, int... shape) {
            TensorType t = TensorType.of(type, shape);
            long[] v = new long[t.elementCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = lo + (long) random.nextInt((int) (hi - lo + 1));
            }
            return Tensor.fromLongs(t, v);
        }

        /** A random code over the whole range of {@code type}. */
        long anyCode(ElementType type) {
            return type.min() + random.nextInt((int) (type.max() - type.min() + 1));
        }

        Value constant(String name, Tensor t) {
            initializers.put(name, t);
            return new Value(name, t.type());
        }

        /** A float scalar. */
        Value scalar(String name, float v) {
            return constant(name, Tensor.of(TensorType.of(ElementType.FLOAT), new float[] {v}));
        }

        /** A 1-D float tensor (a per-channel scale, even of one channel). */
        Value vector(String name, float[] v) {
            return constant(name, Tensor.of(TensorType.of(ElementType.FLOAT, v.length), v));
        }

        Value scalarCode(String name, ElementType type, long code) {
            return constant(name, Tensor.fromLongs(TensorType.of(type), new long[] {code}));
        }

        Graph graph(Value input, Node node) {
            return new Graph("g", List.of(input), initializers, List.of(node), node.outputs());
        }
    }

    /**
     * Lowers the graph's only node, runs the layer through NpuLayerReference on {@code chip} and checks
     * the result equals the interpreter's exactly; returns how many distinct output values there were,
     * so a caller can check the case was not degenerate (all saturated, all zero).
     */
    static int assertBitExact(Graph g, Tensor input, ChipConfig chip) {
        Node node = g.nodes().get(0);
        IntegerLayer layer = IntegerLayers.lower(node, g, chip);
        Tensor expected = Interpreter.run(g, Map.of(g.inputs().get(0).name(), input)).get(node.outputs().get(0).name());
        Tensor got = layer.runReference(input, chip);
        assertEquals(expected.type(), got.type(), node.name());
        Set<Long> distinct = new HashSet<>();
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            distinct.add(expected.getLong(i));
            if (expected.getLong(i) != got.getLong(i)) {
                diffs.add("element " + i + ": npu " + got.getLong(i) + ", interpreter " + expected.getLong(i));
            }
        }
        assertTrue(diffs.isEmpty(), node.name() + " differs in " + diffs.size() + " of " + expected.size() + ": "
                + diffs.subList(0, Math.min(5, diffs.size())));
        return distinct.size();
    }
}
