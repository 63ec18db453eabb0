package npukit.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseUnary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.MaxPool;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.PoolWindow;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.ir.Value;
import org.junit.jupiter.api.Test;

class ReluBeforeMaxPoolTest {

    private static Graph poolThenRelu(boolean poolAlsoAnOutput) {
        TensorType in = new TensorType(ElementType.FLOAT, List.of(1, 2, 5, 5), Layout.NCHW);
        PoolWindow w = new PoolWindow(new Size2d(2, 2), new Size2d(2, 2), new Pads2d(0, 0, 1, 1), Size2d.ONE, false);
        Value x = new Value("x", in);
        Value p = new Value("p", w.outputType("MaxPool", "pool", in));
        Value y = new Value("y", p.type());
        List<Value> outs = poolAlsoAnOutput ? List.of(y, p) : List.of(y);
        return new Graph("g", List.of(x), Map.of(), List.of(new MaxPool("pool", x, p, w), new ElementwiseUnary("relu", UnaryFunction.Plain.RELU, p, y)), outs);
    }

    @Test
    void movesTheReluBeforeThePoolAndKeepsTheResult() {
        Graph before = poolThenRelu(false);
        Graph after = new ReluBeforeMaxPool().apply(before).orElseThrow();
        assertEquals("""
                graph g
                input %x: f32[1,2,5,5] NCHW
                node relu: %y_unpooled: f32[1,2,5,5] NCHW = Relu(%x)
                node pool: %y: f32[1,2,3,3] NCHW = MaxPool(%y_unpooled) {kernel=[2,2] strides=[2,2] pads=[0,0,1,1] dilations=[1,1] ceil=false}
                output %y: f32[1,2,3,3] NCHW
                """, after.text());
        assertTrue(new ReluBeforeMaxPool().apply(after).isEmpty());
        Random r = new Random(7);
        for (int t = 0; t < 20; t++) {
            float[] v = new float[50];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
            Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(List.of(1, 2, 5, 5), v));
            assertEquals(Interpreter.run(before, in), Interpreter.run(after, in));
        }
    }

    @Test
    void leavesAPoolThatSomethingElseReads() {
        assertTrue(new ReluBeforeMaxPool().apply(poolThenRelu(true)).isEmpty());
    }
}
