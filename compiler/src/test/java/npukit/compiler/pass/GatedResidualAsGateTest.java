package npukit.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import org.junit.jupiter.api.Test;

class GatedResidualAsGateTest {

    /** x [1,3,2,2], g [1,3,1,1]: y = x + x * g (operands in the given orders); with {@code gatedRead} m is an output too. */
    private static Graph rse(boolean swapMul, boolean swapAdd, boolean gatedRead) {
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(1, 3, 2, 2), Layout.NCHW));
        Value g = new Value("g", new TensorType(ElementType.FLOAT, List.of(1, 3, 1, 1), Layout.NCHW));
        Value m = new Value("m", x.type());
        Value y = new Value("y", x.type());
        return new Graph("rse", List.of(x, g), Map.of(), List.of(
                swapMul ? new ElementwiseBinary("mul", BinaryFunction.MUL, g, x, m)
                        : new ElementwiseBinary("mul", BinaryFunction.MUL, x, g, m),
                swapAdd ? new ElementwiseBinary("add", BinaryFunction.ADD, m, x, y)
                        : new ElementwiseBinary("add", BinaryFunction.ADD, x, m, y)),
                gatedRead ? List.of(y, m) : List.of(y));
    }

    @Test
    void anAddOfXAndItsGatedSelfBecomesOneGateOfOnePlusTheGate() {
        for (boolean swapMul : new boolean[] {false, true}) {
            for (boolean swapAdd : new boolean[] {false, true}) {
                Graph before = rse(swapMul, swapAdd, false);
                Graph after = new GatedResidualAsGate().apply(before).orElseThrow();
                assertEquals("""
                        graph rse
                        input %x: f32[1,3,2,2] NCHW
                        input %g: f32[1,3,1,1] NCHW
                        init %add.one: f32[] crc32=d6e14a5d
                        node mul.plus_one: %mul.plus_one: f32[1,3,1,1] NCHW = Add(%g, %add.one)
                        node add: %y: f32[1,3,2,2] NCHW = Mul(%x, %mul.plus_one)
                        output %y: f32[1,3,2,2] NCHW
                        """, after.text());
                assertTrue(new GatedResidualAsGate().apply(after).isEmpty());
                Random r = new Random(3);
                float[] xv = new float[12];
                float[] gv = new float[3];
                for (int i = 0; i < xv.length; i++) {
                    xv[i] = (float) r.nextGaussian();
                }
                for (int i = 0; i < gv.length; i++) {
                    gv[i] = r.nextFloat();
                }
                Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(List.of(1, 3, 2, 2), xv),
                        "g", Tensor.ofFloats(List.of(1, 3, 1, 1), gv));
                double[] want = Interpreter.run(before, in).get("y").toDoubles();
                double[] got = Interpreter.run(after, in).get("y").toDoubles();
                for (int i = 0; i < want.length; i++) {
                    assertEquals(want[i], got[i], 1e-6 * Math.max(1, Math.abs(want[i])), "element " + i);
                }
            }
        }
    }

    @Test
    void leavesAGatedValueSomethingElseReads() {
        assertTrue(new GatedResidualAsGate().apply(rse(false, false, true)).isEmpty());
    }
}
