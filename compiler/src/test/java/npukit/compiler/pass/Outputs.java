package npukit.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;

/** Runs two graphs on the same seeded random inputs and compares their outputs. */
final class Outputs {

    private Outputs() {
    }

    /** Seeded uniform [-1, 1) float inputs for every graph input; unknown dimensions become {@code batch}. */
    static Map<String, Tensor> randomInputs(Graph g, long seed, int batch) {
        Random r = new Random(seed);
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (Value v : g.inputs()) {
            List<Integer> shape = new ArrayList<>();
            v.type().shape().forEach(d -> shape.add(d == TensorType.UNKNOWN ? batch : d));
            TensorType t = v.type().withShape(shape);
            float[] data = new float[t.elementCount()];
            for (int i = 0; i < data.length; i++) {
                data[i] = r.nextFloat() * 2 - 1;
            }
            in.put(v.name(), Tensor.of(t, data));
        }
        return in;
    }

    /** Bit-identical outputs on several random inputs. */
    static void assertSameExactly(Graph before, Graph after) {
        for (long seed = 1; seed <= 5; seed++) {
            Map<String, Tensor> in = randomInputs(before, seed, 2);
            assertEquals(Interpreter.run(before, in), Interpreter.run(after, in), "seed " + seed);
        }
    }

    /**
     * Outputs within {@code rtol} relative: |a - b| <= rtol * max(|b|, largest |b| of that output * 1e-3),
     * the floor keeping elements that cancel to near zero from demanding more than float32 can give.
     */
    static void assertClose(Graph before, Graph after, double rtol) {
        for (long seed = 1; seed <= 5; seed++) {
            Map<String, Tensor> in = randomInputs(before, seed, 2);
            Map<String, Tensor> want = Interpreter.run(before, in);
            Map<String, Tensor> got = Interpreter.run(after, in);
            assertEquals(want.keySet(), got.keySet());
            for (String name : want.keySet()) {
                Tensor w = want.get(name);
                Tensor a = got.get(name);
                assertEquals(w.type(), a.type(), name);
                double max = 0;
                for (int i = 0; i < w.size(); i++) {
                    max = Math.max(max, Math.abs(w.getDouble(i)));
                }
                for (int i = 0; i < w.size(); i++) {
                    double tol = rtol * Math.max(Math.abs(w.getDouble(i)), max * 1e-3);
                    assertTrue(Math.abs(w.getDouble(i) - a.getDouble(i)) <= tol,
                            name + "[" + i + "]: " + a.getDouble(i) + " vs " + w.getDouble(i) + " (seed " + seed + ")");
                }
            }
        }
    }

    /** A tensor of seeded uniform values in [lo, hi). */
    static Tensor random(Random r, TensorType t, float lo, float hi) {
        float[] d = new float[t.elementCount()];
        for (int i = 0; i < d.length; i++) {
            d[i] = lo + r.nextFloat() * (hi - lo);
        }
        return Tensor.of(t, d);
    }
}
