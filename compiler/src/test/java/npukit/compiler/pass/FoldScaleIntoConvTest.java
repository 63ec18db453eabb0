package npukit.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.ElementwiseUnary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.ir.Value;
import org.junit.jupiter.api.Test;

class FoldScaleIntoConvTest {

    /** One step after the conv: {@code function(z, c)}, or {@code function(c, z)} with {@code constantFirst}. */
    record Step(BinaryFunction function, TensorType constant, boolean constantFirst) {
    }

    /**
     * x (?, 4, 6, 6) through a 3x3 conv with 6 filters (pad 1; depthwise-style groups when asked), then
     * the steps in order, then a ReLU; with {@code convIsOutput} the conv's result is a graph output as
     * well.
     */
    static Graph convThen(boolean withBias, int groups, boolean convIsOutput, List<Step> steps) {
        return convThen(withBias, groups, convIsOutput, steps, true);
    }

    static Graph convThen(boolean withBias, int groups, boolean convIsOutput, List<Step> steps, boolean relu) {
        Random r = new Random(7);
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(TensorType.UNKNOWN, 6, 6, 6), Layout.NCHW));
        TensorType wt = TensorType.of(ElementType.FLOAT, 6, 6 / groups, 3, 3);
        TensorType vec = TensorType.of(ElementType.FLOAT, 6);
        Map<String, Tensor> inits = new HashMap<>();
        inits.put("w", Outputs.random(r, wt, -1, 1));
        if (withBias) {
            inits.put("b", Outputs.random(r, vec, -1, 1));
        }
        ConvGeometry geo = new ConvGeometry(Size2d.ONE, new Pads2d(1, 1, 1, 1), Size2d.ONE, groups);
        Value wv = new Value("w", wt);
        Value z = new Value("z", Conv2d.infer("conv", x, wv, geo));
        List<Node> nodes = new ArrayList<>(List.of(
                new Conv2d("conv", x, wv, withBias ? Optional.of(new Value("b", vec)) : Optional.empty(), z, geo)));
        Value in = z;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            String c = "c" + i;
            inits.put(c, Outputs.random(r, s.constant(), 0.5f, 2));
            Value cv = new Value(c, s.constant());
            Value a = s.constantFirst() ? cv : in;
            Value b = s.constantFirst() ? in : cv;
            Value out = new Value("s" + i, ElementwiseBinary.infer("op" + i, s.function(), a, b));
            nodes.add(new ElementwiseBinary("op" + i, s.function(), a, b, out));
            in = out;
        }
        if (relu) {
            Value y = new Value("y", in.type());
            nodes.add(new ElementwiseUnary("relu", UnaryFunction.Plain.RELU, in, y));
            in = y;
        }
        List<Value> outputs = new ArrayList<>(List.of(in));
        if (convIsOutput) {
            outputs.add(z);
        }
        return new Graph("convaffine", List.of(x), inits, nodes, outputs);
    }

    private static String masked(Graph g) {
        return g.text().replaceAll("crc32=[0-9a-f]{8}", "crc32=*");
    }

    private static final TensorType SCALAR = TensorType.of(ElementType.FLOAT, 1);
    private static final TensorType PER_CHANNEL = TensorType.of(ElementType.FLOAT, 6, 1, 1);

    /** PP-LCNet's learnable affine block, conv * s + t with scalars: the scale folds, the shift stays. */
    @Test
    void foldsTheScaleOfAnAffineBlock() {
        Graph before = convThen(true, 1, false, List.of(
                new Step(BinaryFunction.MUL, SCALAR, true), new Step(BinaryFunction.ADD, SCALAR, false)));
        assertEquals("""
                graph convaffine
                input %x: f32[?,6,6,6] NCHW
                init %b: f32[6] crc32=*
                init %c0: f32[1] crc32=*
                init %c1: f32[1] crc32=*
                init %w: f32[6,6,3,3] crc32=*
                node conv: %z: f32[?,6,6,6] NCHW = Conv2d(%x, %w, bias=%b) {strides=[1,1] pads=[1,1,1,1] dilations=[1,1] group=1}
                node op0: %s0: f32[?,6,6,6] = Mul(%c0, %z)
                node op1: %s1: f32[?,6,6,6] = Add(%s0, %c1)
                node relu: %y: f32[?,6,6,6] = Relu(%s1)
                output %y: f32[?,6,6,6]
                """, masked(before));
        Graph after = PassPipeline.standard().run(before);
        assertEquals("""
                graph convaffine
                input %x: f32[?,6,6,6] NCHW
                init %c1: f32[1] crc32=*
                init %op0.bias: f32[6] crc32=*
                init %op0.weight: f32[6,6,3,3] crc32=*
                node conv: %s0: f32[?,6,6,6] NCHW = Conv2d(%x, %op0.weight, bias=%op0.bias) {strides=[1,1] pads=[1,1,1,1] dilations=[1,1] group=1}
                node op1: %s1: f32[?,6,6,6] = Add(%s0, %c1)
                node relu: %y: f32[?,6,6,6] = Relu(%s1)
                output %y: f32[?,6,6,6]
                """, masked(after));
        Outputs.assertClose(before, after, 1e-5);

        Map<String, Tensor> in = before.initializers();
        double s = in.get("c0").getDouble(0);
        assertEquals((float) (in.get("w").getDouble(3 * 54 + 10) * s),
                (float) after.initializers().get("op0.weight").getDouble(3 * 54 + 10));
        assertEquals((float) (in.get("b").getDouble(3) * s), (float) after.initializers().get("op0.bias").getDouble(3));
    }

    @Test
    void foldsAPerChannelDivThenAMulIntoABiaslessDepthwiseConv() {
        Graph before = convThen(false, 6, false, List.of(
                new Step(BinaryFunction.DIV, PER_CHANNEL, false), new Step(BinaryFunction.MUL, TensorType.of(ElementType.FLOAT, 1, 6, 1, 1), false)));
        Graph after = PassPipeline.standard().run(before);
        assertEquals(2, after.nodes().size(), after.text());
        assertTrue(masked(after).contains("node conv: %s1: f32[?,6,6,6] NCHW = Conv2d(%x, %op1.weight, bias=%op1.bias) {strides=[1,1] pads=[1,1,1,1] dilations=[1,1] group=6}"),
                after.text());
        // Two folds round each weight to float twice; a nine-term sum that cancels shows it.
        Outputs.assertClose(before, after, 1e-4);
        double expected = before.initializers().get("w").getDouble(4 * 9 + 2) / before.initializers().get("c0").getDouble(4)
                * before.initializers().get("c1").getDouble(4);
        assertEquals(expected, after.initializers().get("op1.weight").getDouble(4 * 9 + 2), Math.abs(expected) * 1e-6);
    }

    @Test
    void leavesWhatIsNotOnePerChannel() {
        // A constant along W, one that enlarges the output, a constant dividend, a shift, and a non-constant.
        List<Graph> kept = List.of(
                convThen(true, 1, false, List.of(new Step(BinaryFunction.MUL, TensorType.of(ElementType.FLOAT, 6), false))),
                convThen(true, 1, false, List.of(new Step(BinaryFunction.MUL, TensorType.of(ElementType.FLOAT, 2, 6, 1, 1), false))),
                convThen(true, 1, false, List.of(new Step(BinaryFunction.DIV, SCALAR, true))),
                convThen(true, 1, false, List.of(new Step(BinaryFunction.ADD, PER_CHANNEL, false))));
        for (Graph g : kept) {
            assertTrue(new FoldScaleIntoConv().apply(g).isEmpty(), g.text());
        }
        Graph twice = convThen(true, 1, false, List.of());
        Node conv = twice.nodes().get(0);
        Value z = conv.outputs().get(0);
        Value sq = new Value("sq", z.type());
        Graph square = new Graph("square", twice.inputs(), twice.initializers(),
                List.of(conv, new ElementwiseBinary("sq", BinaryFunction.MUL, z, z, sq)), List.of(sq));
        assertTrue(new FoldScaleIntoConv().apply(square).isEmpty());
    }

    /** A graph output keeps its type, so a step whose result has no layout stays when it is one. */
    @Test
    void aGraphOutputIsNotRetyped() {
        Graph constantFirst = convThen(true, 1, false, List.of(new Step(BinaryFunction.MUL, SCALAR, true)), false);
        assertTrue(new FoldScaleIntoConv().apply(constantFirst).isEmpty(), constantFirst.text());
        Graph convFirst = convThen(true, 1, false, List.of(new Step(BinaryFunction.MUL, SCALAR, false)), false);
        Graph after = new FoldScaleIntoConv().apply(convFirst).orElseThrow();
        assertEquals(1, after.nodes().size(), after.text());
        Outputs.assertClose(convFirst, after, 1e-5);
    }

    @Test
    void aConvWhoseOutputIsAlsoUsedElsewhereIsNotFolded() {
        Graph g = convThen(true, 1, true, List.of(new Step(BinaryFunction.MUL, SCALAR, false)));
        assertTrue(new FoldScaleIntoConv().apply(g).isEmpty());
    }

    @Test
    void aDivisorWithAZeroIsNotFolded() {
        Graph g = convThen(true, 1, false, List.of(new Step(BinaryFunction.DIV, PER_CHANNEL, false)));
        Map<String, Tensor> inits = new HashMap<>(g.initializers());
        double[] c = inits.get("c0").toDoubles();
        c[4] = 0;
        inits.put("c0", Tensor.fromDoubles(PER_CHANNEL, c));
        Graph zero = new Graph(g.name(), g.inputs(), inits, g.nodes(), g.outputs());
        assertTrue(new FoldScaleIntoConv().apply(zero).isEmpty());
    }
}
