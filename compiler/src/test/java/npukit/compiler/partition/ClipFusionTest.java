package npukit.compiler.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import npukit.compiler.ir.Clip;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseUnary;
import npukit.compiler.ir.Gemm;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.ir.Value;
import npukit.compiler.lower.FusedClip;
import npukit.compiler.lower.FusedLayer;
import org.junit.jupiter.api.Test;

/**
 * A Clip with constant bounds after a product (and its ReLU) fuses into the layer. Before, every such
 * Clip was a host step of its own, e.g. for Conv + Clip(0, 6):
 *
 * <pre>
 * npu  conv conv: %x -> %c m=36 k=2 n=3 bias {...}
 * host Clip clip: %c, %lo, %hi -> %y  (Clip has no NPU lowering; float on the host)
 * </pre>
 */
class ClipFusionTest {

    private static final String GEO = "{strides=[1,1] pads=[0,0,0,0] dilations=[1,1] group=1}";

    /**
     * x (1, 2, 6, 6) -> 1x1 conv (3, bias) -> [Relu] -> Clip(lo, hi) -> y; a null bound is absent, a
     * NaN bound is a graph input (varying); with {@code alsoOutput} the clip's input is a graph output too.
     */
    static Graph convClip(boolean relu, Double lo, Double hi, boolean alsoOutput) {
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(1, 2, 6, 6), Layout.NCHW));
        Value w = new Value("w", TensorType.of(ElementType.FLOAT, 3, 2, 1, 1));
        Value b = new Value("b", TensorType.of(ElementType.FLOAT, 3));
        ConvGeometry geo = new ConvGeometry(Size2d.ONE, Pads2d.NONE, Size2d.ONE, 1);
        Value c = new Value("c", Conv2d.infer("conv", x, w, geo));
        Value r = new Value("r", c.type());
        Value y = new Value("y", c.type());
        List<Value> inputs = new ArrayList<>(List.of(x));
        Map<String, Tensor> inits = new HashMap<>(Map.of("w", Tensor.ofFloats(List.of(3, 2, 1, 1), 1, 2, 3, 4, 5, 6),
                "b", Tensor.ofFloats(List.of(3), 0.5f, -0.5f, 0)));
        List<Node> nodes = new ArrayList<>(List.of(new Conv2d("conv", x, w, Optional.of(b), c, geo)));
        if (relu) {
            nodes.add(new ElementwiseUnary("relu", UnaryFunction.Plain.RELU, c, r));
        }
        Value clipped = relu ? r : c;
        nodes.add(new Clip("clip", clipped, bound("lo", lo, inputs, inits), bound("hi", hi, inputs, inits), y));
        return new Graph("g", inputs, inits, nodes, alsoOutput ? List.of(y, clipped) : List.of(y));
    }

    private static Optional<Value> bound(String name, Double v, List<Value> inputs, Map<String, Tensor> inits) {
        if (v == null) {
            return Optional.empty();
        }
        Value bound = new Value(name, TensorType.of(ElementType.FLOAT));
        if (v.isNaN()) {
            inputs.add(bound);
        } else {
            inits.put(name, Tensor.scalar(ElementType.FLOAT, v));
        }
        return Optional.of(bound);
    }

    private static String text(Graph g) {
        return Partitioner.partition(g, true).text();
    }

    @Test
    void convThenClipBecomesOneLayerWithItsBounds() {
        assertEquals("partition g\nnpu  conv conv+clip: %x -> %y m=36 k=2 n=3 bias clip[0,6] " + GEO + "\n",
                text(convClip(false, 0.0, 6.0, false)));
        FusedLayer l = Partitioner.partition(convClip(false, 0.0, 6.0, false), true).layers().get(0);
        assertEquals(new FusedClip("clip", l.withoutClip().output(), OptionalDouble.of(0), OptionalDouble.of(6)),
                l.clip().orElseThrow());
        assertEquals("c", l.withoutClip().output().name());
        assertEquals(List.of("conv"), l.withoutClip().nodes());
    }

    @Test
    void reluThenClipBothFuse() {
        assertEquals("partition g\nnpu  conv conv+relu+clip: %x -> %y m=36 k=2 n=3 bias relu clip[0,6] " + GEO + "\n",
                text(convClip(true, 0.0, 6.0, false)));
    }

    @Test
    void aClipWithOneBoundFuses() {
        assertEquals("partition g\nnpu  conv conv+clip: %x -> %y m=36 k=2 n=3 bias clip[-1,] " + GEO + "\n",
                text(convClip(false, -1.0, null, false)));
        assertEquals("partition g\nnpu  conv conv+clip: %x -> %y m=36 k=2 n=3 bias clip[,2.5] " + GEO + "\n",
                text(convClip(false, null, 2.5, false)));
    }

    @Test
    void clipsThatCannotFuseStayOnTheHostWithTheirReason() {
        assertEquals("partition g\nnpu  conv conv: %x -> %c m=36 k=2 n=3 bias " + GEO + "\n"
                        + "host Clip clip: %c, %lo, %hi -> %y  (its bounds vary or are not finite; float on the host)\n",
                text(convClip(false, 0.0, Double.NaN, false)));
        assertTrue(text(convClip(false, 0.0, Double.POSITIVE_INFINITY, false))
                .contains("(its bounds vary or are not finite; float on the host)"));
        assertEquals("partition g\nnpu  conv conv+relu: %x -> %r m=36 k=2 n=3 bias relu " + GEO + "\n"
                        + "host Clip clip: %r, %lo, %hi -> %y  (it fuses only after a Conv, Gemm or MatMul (and ReLU)"
                        + " whose output only it reads; float on the host)\n",
                text(convClip(true, 0.0, 6.0, true)));
    }

    @Test
    void aDenseLayerFusesItsClipAndStillChains() {
        Value x = new Value("x", TensorType.of(ElementType.FLOAT, 1, 4));
        Value w1 = new Value("w1", TensorType.of(ElementType.FLOAT, 4, 3));
        Value w2 = new Value("w2", TensorType.of(ElementType.FLOAT, 3, 2));
        Value h = new Value("h", TensorType.of(ElementType.FLOAT, 1, 3));
        Value hc = new Value("hc", h.type());
        Value y = new Value("y", TensorType.of(ElementType.FLOAT, 1, 2));
        Value lo = new Value("lo", TensorType.of(ElementType.FLOAT));
        Value hi = new Value("hi", TensorType.of(ElementType.FLOAT));
        Graph g = new Graph("d", List.of(x), Map.of("w1", Tensor.ofFloats(List.of(4, 3), new float[12]),
                "w2", Tensor.ofFloats(List.of(3, 2), new float[6]), "lo", Tensor.scalar(ElementType.FLOAT, 0),
                "hi", Tensor.scalar(ElementType.FLOAT, 6)), List.of(
                new Gemm("g1", x, w1, Optional.empty(), h, 1, 1, false, false),
                new Clip("relu6", h, Optional.of(lo), Optional.of(hi), hc),
                new Gemm("g2", hc, w2, Optional.empty(), y, 1, 1, false, false)), List.of(y));
        Partition p = Partitioner.partition(g, true);
        assertEquals("""
                partition d
                npu  dense g1+relu6: %x -> %hc m=1 k=4 n=3 clip[0,6]
                npu  dense g2: %hc -> %y m=1 k=3 n=2
                """, p.text());
        assertEquals(1, p.steps().size());
    }
}
