package npukit.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import npukit.compiler.ir.ElementwiseUnary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.ir.Value;
import npukit.compiler.partition.Partitioner;
import org.junit.jupiter.api.Test;

class HardSigmoidAsClipTest {

    /** The conv of {@link FoldScaleIntoConvTest#convThen} with its ReLU replaced by a HardSigmoid. */
    private static Graph convHardSigmoid(boolean convIsOutput) {
        Graph g = FoldScaleIntoConvTest.convThen(true, 1, convIsOutput, List.of());
        List<Node> nodes = new ArrayList<>();
        for (Node n : g.nodes()) {
            nodes.add(n instanceof ElementwiseUnary r
                    ? new ElementwiseUnary("gate", new UnaryFunction.HardSigmoid(0.2f, 0.5f), r.x(), r.y()) : n);
        }
        return new Graph(g.name(), g.inputs(), g.initializers(), nodes, g.outputs());
    }

    private static String masked(Graph g) {
        return g.text().replaceAll("crc32=[0-9a-f]{8}", "crc32=*");
    }

    @Test
    void aHardSigmoidAfterAConvBecomesAClipOfTheFoldedConv() {
        Graph before = convHardSigmoid(false);
        assertEquals("""
                graph convaffine
                input %x: f32[?,6,6,6] NCHW
                init %b: f32[6] crc32=*
                init %w: f32[6,6,3,3] crc32=*
                node conv: %z: f32[?,6,6,6] NCHW = Conv2d(%x, %w, bias=%b) {strides=[1,1] pads=[1,1,1,1] dilations=[1,1] group=1}
                node gate: %y: f32[?,6,6,6] NCHW = HardSigmoid(%z) {alpha=0.2 beta=0.5}
                output %y: f32[?,6,6,6] NCHW
                """, masked(before));
        Graph after = PassPipeline.standard().run(before);
        assertEquals("""
                graph convaffine
                input %x: f32[?,6,6,6] NCHW
                init %gate.bias: f32[6] crc32=*
                init %gate.max: f32[] crc32=*
                init %gate.min: f32[] crc32=*
                init %gate.weight: f32[6,6,3,3] crc32=*
                node conv: %z: f32[?,6,6,6] NCHW = Conv2d(%x, %gate.weight, bias=%gate.bias) {strides=[1,1] pads=[1,1,1,1] dilations=[1,1] group=1}
                node gate: %y: f32[?,6,6,6] NCHW = Clip(%z, min=%gate.min, max=%gate.max)
                output %y: f32[?,6,6,6] NCHW
                """, masked(after));
        // beta cancels conv outputs near -beta / alpha: the float32 error of a conv output of about 2.5
        // then shows against a result near 0, the floor's 1e-3 of the output's largest (1) times 1e-4.
        Outputs.assertClose(before, after, 1e-4);
        assertEquals((float) (before.initializers().get("b").getDouble(2) * 0.2f + 0.5f),
                (float) after.initializers().get("gate.bias").getDouble(2));
        // The Clip then fuses into the convolution's NPU layer.
        String partition = Partitioner.partition(BindInputShapes.batch(after, 1).apply(after).orElseThrow(), true).text();
        assertTrue(partition.contains("npu  conv conv+gate: %x -> %y m=36 k=54 n=6 bias clip[0,1] {strides=[1,1] pads=[1,1,1,1] dilations=[1,1] group=1}"), partition);
    }

    @Test
    void aConvWhoseOutputIsAlsoUsedElsewhereIsLeftAlone() {
        Graph g = convHardSigmoid(true);
        assertTrue(new HardSigmoidAsClip().apply(g).isEmpty());
        Value z = g.nodes().get(0).outputs().get(0);
        assertTrue(g.outputs().contains(z));
    }
}
