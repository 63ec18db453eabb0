package npukit.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import npukit.arch.config.ChipPresets;
import npukit.arch.numerics.ErrorMetrics;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.MatMul;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import org.junit.jupiter.api.Test;

/**
 * A dynamic MatMul's host side: each output pair reads the operand matrices numpy's broadcasting
 * names, codes stay within the largest code, and the pairs' exact integer products scaled back agree
 * with the float product to int8 precision.
 */
class DynamicMatMulTest {

    private static Value value(String name, int... shape) {
        return new Value(name, TensorType.of(ElementType.FLOAT, shape));
    }

    private static Tensor random(Random rnd, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        List<Integer> dims = new ArrayList<>();
        for (int d : shape) {
            dims.add(d);
        }
        return Tensor.ofFloats(dims, v);
    }

    /** The pairs' accumulators, as the array computes them: sum_k x[i][k] w[k][j], exactly. */
    private static Tensor run(DynamicMatMul d, Tensor a, Tensor b) {
        List<int[]> ys = new ArrayList<>();
        List<Double> scales = new ArrayList<>();
        for (int p = 0; p < d.batch(); p++) {
            DynamicProduct.Pair pair = d.pair(a.toDoubles(), b.toDoubles(), p);
            for (int c : pair.x()) {
                assertTrue(Math.abs(c) <= d.maxCode());
            }
            for (int c : pair.w()) {
                assertTrue(Math.abs(c) <= d.maxCode());
            }
            int[] y = new int[d.m() * d.n()];
            for (int i = 0; i < d.m(); i++) {
                for (int j = 0; j < d.n(); j++) {
                    for (int k = 0; k < d.k(); k++) {
                        y[i * d.n() + j] += pair.x()[i * d.k() + k] * pair.w()[k * d.n() + j];
                    }
                }
            }
            ys.add(y);
            scales.add(pair.scale());
        }
        return d.output(ys, scales);
    }

    @Test
    void broadcastPairsAgreeWithTheFloatProduct() {
        Random rnd = new Random(3);
        int[][][] shapes = {
            {{2, 3, 5, 4}, {2, 3, 4, 6}},
            {{2, 3, 5, 4}, {4, 6}},
            {{5, 4}, {3, 4, 6}},
            {{2, 1, 5, 4}, {1, 3, 4, 6}},
            {{5, 4}, {4, 6}},
        };
        for (int[][] s : shapes) {
            Value a = value("a", s[0]);
            Value b = value("b", s[1]);
            Value y = new Value("y", MatMul.infer("mm", a, b));
            MatMul mm = new MatMul("mm", a, b, y);
            DynamicMatMul d = DynamicMatMul.lower(mm, ChipPresets.gemmini());
            assertEquals(127, d.maxCode());
            Tensor at = random(rnd, s[0]);
            Tensor bt = random(rnd, s[1]);
            Graph g = new Graph("g", List.of(a, b), Map.of(), List.of(mm), List.of(y));
            double[] ref = Interpreter.run(g, Map.of("a", at, "b", bt)).get("y").toDoubles();
            double got = ErrorMetrics.of(ref, run(d, at, bt).toDoubles()).sqnrDb();
            assertTrue(got > 30, java.util.Arrays.deepToString(s) + ": SQNR " + got + " dB");
        }
    }

    @Test
    void codesNarrowSoThatKProductsFitTheAccumulator() {
        Value a = value("a", 4, 300);
        Value b = value("b", 300, 2);
        MatMul mm = new MatMul("mm", a, b, new Value("y", MatMul.infer("mm", a, b)));
        // eyeriss: 16-bit operands, 32-bit accumulators: 300 m^2 <= 2^31 - 1 gives m = 2675.
        DynamicMatMul d = DynamicMatMul.lower(mm, ChipPresets.eyeriss());
        assertEquals(2675, d.maxCode());
        assertTrue(300L * d.maxCode() * d.maxCode() <= Integer.MAX_VALUE);
        assertTrue(300L * (d.maxCode() + 1) * (d.maxCode() + 1) > Integer.MAX_VALUE);
    }

    @Test
    void aVectorOperandIsRefused() {
        Value a = value("a", 4);
        Value b = value("b", 4, 2);
        MatMul mm = new MatMul("mm", a, b, new Value("y", MatMul.infer("mm", a, b)));
        assertTrue(DynamicMatMul.refusal(mm).orElseThrow().contains("vector"));
        assertThrows(IntegerLoweringException.class, () -> DynamicMatMul.lower(mm, ChipPresets.gemmini()));
    }
}
