package npukit.compiler.lower;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import npukit.arch.config.ChipConfig;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.Value;

/**
 * The checks and operand arithmetic shared by the integer lowerings: constants the NPU must know before
 * it runs, zero-point-shifted operands and whether they fit the array's signed operand width, and the
 * worst-case accumulator magnitude.
 */
final class IntegerOperands {

    private final Node node;
    private final Graph graph;
    private final ChipConfig chip;

    IntegerOperands(Node node, Graph graph, ChipConfig chip) {
        this.node = node;
        this.graph = graph;
        this.chip = chip;
    }

    /** The start of every error message: op and node name. */
    String where() {
        return node.op() + " " + node.name();
    }

    IntegerLoweringException error(String message) {
        return new IntegerLoweringException(where() + ": " + message);
    }

    /**
     * The tensor of a value that must be fixed at compile time (weights, scales, zero points, bias),
     * since the NPU's weight buffer and quant registers are loaded before the layer runs.
     */
    Tensor constant(String role, Value v) {
        return graph.constantValue(v.name()).orElseThrow(() -> error(role + " " + v.ref()
                + " must be a constant (an initializer or Constant), since the NPU loads it before the layer runs;"
                + " it is computed at run time"));
    }

    /** A zero point's values as ints: empty (no zero point) gives one zero. */
    List<Integer> zeroPoints(String role, Optional<Value> zp) {
        if (zp.isEmpty()) {
            return List.of(0);
        }
        Tensor t = constant(role, zp.get());
        List<Integer> values = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            values.add((int) t.getLong(i));
        }
        return values;
    }

    /**
     * Checks that x - zp fits the operand width for every x of the input's element type and every one
     * of its zero points: the data is not known when the layer is built, so its whole type range counts.
     */
    void requireInputFits(Value input, List<Integer> zeroPoints) {
        ElementType type = input.type().elementType();
        int maxZp = zeroPoints.stream().mapToInt(Integer::intValue).max().orElseThrow();
        int minZp = zeroPoints.stream().mapToInt(Integer::intValue).min().orElseThrow();
        requireFits("input " + input.ref() + " (" + type + ") minus its zero point", type.min() - maxZp, type.max() - minZp);
    }

    /** Checks that every operand in [lo, hi] fits the array's signed operand width. */
    void requireFits(String what, long lo, long hi) {
        int needed = signedBits(lo, hi);
        int have = chip.array().operandBits();
        if (needed > have) {
            throw error(what + " spans " + lo + ".." + hi + " and needs " + needed + "-bit signed operands; chip "
                    + chip.name() + " has " + have + "-bit operands (array.operand-bits)");
        }
    }

    /** Checks every element of a weight operand matrix. */
    void requireWeightsFit(Value w, int[] operands) {
        long lo = 0;
        long hi = 0;
        for (int v : operands) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        requireFits("weight " + w.ref() + " minus its zero point", lo, hi);
    }

    /** The smallest two's-complement width holding every value in [lo, hi] (at least 1). */
    static int signedBits(long lo, long hi) {
        int bits = 1;
        while (lo < -(1L << (bits - 1)) || hi > (1L << (bits - 1)) - 1) {
            bits++;
        }
        return bits;
    }

    /** The largest |x - zp| an input operand can take. */
    static long maxAbsInput(Value input, List<Integer> zeroPoints) {
        ElementType type = input.type().elementType();
        long max = 0;
        for (int zp : zeroPoints) {
            max = Math.max(max, Math.max(Math.abs(type.min() - zp), Math.abs(type.max() - zp)));
        }
        return max;
    }

    /**
     * Checks that no column's sum (plus its bias) can leave the accumulator's signed range: the array
     * wraps sums modulo 2^A and the quant unit saturates sum + bias to A bits, while ONNX computes the
     * sum exactly, so the results agree only when the worst case fits. The bound is
     * max|x operand| * sum_k |W[k][j]| + |bias_j|.
     */
    void requireAccumulatorHolds(NpuLayer layer, long maxAbsX, int[] bias) {
        int a = chip.array().accumulatorBits();
        long limit = (1L << (a - 1)) - 1;
        for (int j = 0; j < layer.n(); j++) {
            long column = 0;
            for (int kk = 0; kk < layer.k(); kk++) {
                column += Math.abs((long) layer.weight(kk, j));
            }
            long worst = maxAbsX * column + (bias == null ? 0 : Math.abs((long) bias[j]));
            if (worst > limit) {
                throw error("output column " + j + " can reach |sum| = " + worst + " (max |x operand| " + maxAbsX
                        + " times sum |W| " + column + (bias == null ? "" : " plus |bias| " + Math.abs((long) bias[j]))
                        + "), beyond the " + a + "-bit accumulator's " + limit + "; the chip would wrap where ONNX does not");
            }
        }
    }
}
