package npukit.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import npukit.compiler.ir.AveragePool;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.PoolWindow;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import org.junit.jupiter.api.Test;

class AveragePoolAsConvTest {

    private static final Value X = new Value("x", new TensorType(ElementType.FLOAT, List.of(1, 4, 7, 6), Layout.NCHW));

    private static Graph pooled(Node pool) {
        return new Graph("pool", List.of(X), Map.of(), List.of(pool), pool.outputs());
    }

    private static Graph average(PoolWindow window, boolean countIncludePad) {
        Value y = new Value("y", window.outputType("AveragePool", "pool", X.type()));
        return pooled(new AveragePool("pool", X, y, window, countIncludePad));
    }

    private static PoolWindow window(int k, int stride, Pads2d pads, boolean ceil) {
        return new PoolWindow(new Size2d(k, k), new Size2d(stride, stride), pads, Size2d.ONE, ceil);
    }

    private static String masked(Graph g) {
        return g.text().replaceAll("crc32=[0-9a-f]{8}", "crc32=*");
    }

    @Test
    void aPaddedPoolThatCountsThePaddingIsAPaddedConvolution() {
        Graph before = average(window(3, 2, new Pads2d(1, 1, 1, 1), false), true);
        Graph after = PassPipeline.standard().run(before);
        assertTrue(masked(after).contains("node pool: %y: f32[1,4,4,3] NCHW = Conv2d(%x, %pool.weight) {strides=[2,2] "
                + "pads=[1,1,1,1] dilations=[1,1] group=4}"), after.text());
        Outputs.assertClose(before, after, 1e-5);

        Graph unpadded = average(window(2, 2, Pads2d.NONE, false), false);
        Graph unpaddedAfter = PassPipeline.standard().run(unpadded);
        assertTrue(unpaddedAfter.nodes().get(0) instanceof Conv2d, unpaddedAfter.text());
        Outputs.assertClose(unpadded, unpaddedAfter, 1e-5);
    }

    @Test
    void windowsThatDivideByFewerElementsStay() {
        // Padding not counted: an edge window divides by its real elements only.
        Graph uncounted = average(window(3, 2, new Pads2d(1, 1, 1, 1), false), false);
        assertTrue(new AveragePoolAsConv().apply(uncounted).isEmpty());
        // Ceil mode with a partial last window (7 rows, kernel 2, stride 2).
        Graph ceil = average(window(2, 2, Pads2d.NONE, true), true);
        assertEquals(List.of(1, 4, 4, 3), ceil.outputs().get(0).type().shape());
        assertTrue(new AveragePoolAsConv().apply(ceil).isEmpty());
    }

}
