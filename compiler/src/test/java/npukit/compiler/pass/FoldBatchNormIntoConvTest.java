package npukit.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import npukit.compiler.ir.BatchNormalization;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ElementType;
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

class FoldBatchNormIntoConvTest {

    private static final float EPS = 1e-3f;

    /**
     * y = relu(bn(conv(x, w[, b]))), x (N?, 3 or 4, 6, 6), 4 filters with 3x3 kernels, pad 1; with
     * {@code convIsOutput} the conv's result is a graph output as well.
     */
    static Graph convBn(boolean withBias, int groups, boolean convIsOutput, boolean batchUnknown) {
        Random r = new Random(42);
        int c = groups == 1 ? 3 : 4;
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(batchUnknown ? TensorType.UNKNOWN : 1, c, 6, 6), Layout.NCHW));
        TensorType wt = TensorType.of(ElementType.FLOAT, 4, c / groups, 3, 3);
        TensorType vec = TensorType.of(ElementType.FLOAT, 4);
        Map<String, Tensor> inits = new HashMap<>();
        inits.put("w", Outputs.random(r, wt, -1, 1));
        if (withBias) {
            inits.put("b", Outputs.random(r, vec, -1, 1));
        }
        inits.put("gamma", Outputs.random(r, vec, 0.5f, 2));
        inits.put("beta", Outputs.random(r, vec, -1, 1));
        inits.put("mean", Outputs.random(r, vec, -0.5f, 0.5f));
        inits.put("var", Outputs.random(r, vec, 0.1f, 3));
        ConvGeometry geo = new ConvGeometry(Size2d.ONE, new Pads2d(1, 1, 1, 1), Size2d.ONE, groups);
        Value wv = new Value("w", wt);
        Value z = new Value("z", Conv2d.infer("conv", x, wv, geo));
        Value n = new Value("n", z.type());
        Value y = new Value("y", z.type());
        List<Node> nodes = List.of(
                new Conv2d("conv", x, wv, withBias ? Optional.of(new Value("b", vec)) : Optional.empty(), z, geo),
                new BatchNormalization("bn", z, new Value("gamma", vec), new Value("beta", vec), new Value("mean", vec),
                        new Value("var", vec), n, EPS),
                new ElementwiseUnary("relu", UnaryFunction.Plain.RELU, n, y));
        List<Value> outputs = new ArrayList<>(List.of(y));
        if (convIsOutput) {
            outputs.add(z);
        }
        return new Graph("convbn", List.of(x), inits, nodes, outputs);
    }

    private static String masked(Graph g) {
        return g.text().replaceAll("crc32=[0-9a-f]{8}", "crc32=*");
    }

    @Test
    void foldsIntoAConvWithABias() {
        Graph before = convBn(true, 1, false, true);
        Graph after = PassPipeline.standard().run(before);
        assertEquals("""
                graph convbn
                input %x: f32[?,3,6,6] NCHW
                init %bn.bias: f32[4] crc32=*
                init %bn.weight: f32[4,3,3,3] crc32=*
                node conv: %n: f32[?,4,6,6] NCHW = Conv2d(%x, %bn.weight, bias=%bn.bias) {strides=[1,1] pads=[1,1,1,1] dilations=[1,1] group=1}
                node relu: %y: f32[?,4,6,6] NCHW = Relu(%n)
                output %y: f32[?,4,6,6] NCHW
                """, masked(after));
        Outputs.assertClose(before, after, 1e-5);

        // The formula, spot-checked on filter 2 against the stored tensors.
        Map<String, Tensor> in = before.initializers();
        double s = in.get("gamma").getDouble(2) / Math.sqrt(in.get("var").getDouble(2) + (double) EPS);
        assertEquals((float) (in.get("w").getDouble(2 * 27 + 5) * s), (float) after.initializers().get("bn.weight").getDouble(2 * 27 + 5));
        assertEquals((float) ((in.get("b").getDouble(2) - in.get("mean").getDouble(2)) * s + in.get("beta").getDouble(2)),
                (float) after.initializers().get("bn.bias").getDouble(2));
    }

    @Test
    void foldsIntoAConvWithoutABiasAndIntoADepthwiseOne() {
        Graph plain = convBn(false, 1, false, false);
        Graph plainAfter = PassPipeline.standard().run(plain);
        assertTrue(masked(plainAfter).contains("node conv: %n: f32[1,4,6,6] NCHW = Conv2d(%x, %bn.weight, bias=%bn.bias)"));
        assertEquals(2, plainAfter.nodes().size());
        Outputs.assertClose(plain, plainAfter, 1e-5);

        Graph depthwise = convBn(true, 4, false, false);
        Graph dwAfter = PassPipeline.standard().run(depthwise);
        assertTrue(masked(dwAfter).contains("Conv2d(%x, %bn.weight, bias=%bn.bias) {strides=[1,1] pads=[1,1,1,1] dilations=[1,1] group=4}"));
        assertEquals(2, dwAfter.nodes().size());
        Outputs.assertClose(depthwise, dwAfter, 1e-5);
    }

    @Test
    void aConvWhoseOutputIsAlsoUsedElsewhereIsNotFolded() {
        Graph g = convBn(true, 1, true, false);
        assertTrue(new FoldBatchNormIntoConv().apply(g).isEmpty());
        assertEquals(g.text(), PassPipeline.standard().run(g).text());
    }

    /** BatchNormalization normalizes axis 1: H for an NHWC image, not the conv's filters. */
    @Test
    void anNhwcConvIsNotFolded() {
        Random r = new Random(5);
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(1, 4, 4, 3), Layout.NHWC));
        TensorType wt = TensorType.of(ElementType.FLOAT, 4, 3, 3, 3);
        TensorType vec = TensorType.of(ElementType.FLOAT, 4);
        ConvGeometry geo = new ConvGeometry(Size2d.ONE, new Pads2d(1, 1, 1, 1), Size2d.ONE, 1);
        Value wv = new Value("w", wt);
        Value z = new Value("z", Conv2d.infer("conv", x, wv, geo));
        assertEquals("f32[1,4,4,4] NHWC", z.type().text());
        Value y = new Value("y", z.type());
        Map<String, Tensor> inits = new HashMap<>();
        inits.put("w", Outputs.random(r, wt, -1, 1));
        for (String p : List.of("gamma", "beta", "mean", "var")) {
            inits.put(p, Outputs.random(r, vec, 0.5f, 2));
        }
        Graph g = new Graph("nhwc", List.of(x), inits, List.of(
                new Conv2d("conv", x, wv, Optional.empty(), z, geo),
                new BatchNormalization("bn", z, new Value("gamma", vec), new Value("beta", vec), new Value("mean", vec),
                        new Value("var", vec), y, EPS)), List.of(y));
        assertTrue(new FoldBatchNormIntoConv().apply(g).isEmpty());
    }

    @Test
    void parametersThatAreGraphInputsAreNotFolded() {
        Graph g = convBn(true, 1, false, false);
        Map<String, Tensor> inits = new HashMap<>(g.initializers());
        Tensor gamma = inits.remove("gamma");
        List<Value> inputs = new ArrayList<>(g.inputs());
        inputs.add(new Value("gamma", gamma.type()));
        Graph withInput = new Graph(g.name(), inputs, inits, g.nodes(), g.outputs());
        assertTrue(new FoldBatchNormIntoConv().apply(withInput).isEmpty());
    }

    @Test
    void newInitializerNamesDoNotCollide() {
        Graph g = convBn(true, 1, false, false);
        Map<String, Tensor> inits = new HashMap<>(g.initializers());
        inits.put("bn.weight", inits.get("w"));
        Graph taken = new Graph(g.name(), g.inputs(), inits, g.nodes(), g.outputs());
        Graph after = new FoldBatchNormIntoConv().apply(taken).orElseThrow();
        assertTrue(after.text().contains("Conv2d(%x, %bn.weight.1, bias=%bn.bias)"), after.text());
        Outputs.assertClose(taken, after, 1e-5);
    }
}
