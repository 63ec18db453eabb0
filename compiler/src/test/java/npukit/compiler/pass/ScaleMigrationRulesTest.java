package npukit.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import npukit.compiler.ir.Gemm;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.IrException;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.MatMul;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.ir.Value;
import org.junit.jupiter.api.Test;

/**
 * {@link SmoothInputs} and {@link ScaleOutputs}: the canonical text after each rewrite, and the float
 * outputs before and after on seeded random inputs, equal within float rounding: {@link #RTOL} relative
 * (with {@link Outputs#assertClose}'s floor), as each product now rounds twice more (x / s and s w, or
 * w / t and the multiplication by t) where BatchNorm folding's 1e-5 covers one rounding.
 */
class ScaleMigrationRulesTest {

    private static final double RTOL = 3e-5;

    private static Tensor random(Random r, TensorType t) {
        float[] d = new float[t.elementCount()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian();
        }
        return Tensor.of(t, d);
    }

    /** y = relu(x[1, 3, 4] * w[4, 5] + b[5]): a transformer's dense layer with a bias Add and a ReLU. */
    static Graph dense() {
        Random r = new Random(7);
        Value x = new Value("x", TensorType.of(ElementType.FLOAT, 1, 3, 4));
        Value w = new Value("w", TensorType.of(ElementType.FLOAT, 4, 5));
        Value b = new Value("b", TensorType.of(ElementType.FLOAT, 5));
        Value z = new Value("z", TensorType.of(ElementType.FLOAT, 1, 3, 5));
        Value a = new Value("a", z.type());
        Value y = new Value("y", z.type());
        return new Graph("dense", List.of(x), Map.of("w", random(r, w.type()), "b", random(r, b.type())), List.of(
                new MatMul("mm", x, w, z),
                new ElementwiseBinary("add", BinaryFunction.ADD, z, b, a),
                new ElementwiseUnary("relu", UnaryFunction.Plain.RELU, a, y)), List.of(y));
    }

    /** y = conv(x[1, 3, 5, 5], w[4, 3, 3, 3], b[4]), pad 1. */
    static Graph conv() {
        Random r = new Random(8);
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(1, 3, 5, 5), Layout.NCHW));
        Value w = new Value("w", TensorType.of(ElementType.FLOAT, 4, 3, 3, 3));
        Value b = new Value("b", TensorType.of(ElementType.FLOAT, 4));
        ConvGeometry geo = new ConvGeometry(Size2d.ONE, new Pads2d(1, 1, 1, 1), Size2d.ONE, 1);
        Value y = new Value("y", Conv2d.infer("conv", x, w, geo));
        return new Graph("conv", List.of(x), Map.of("w", random(r, w.type()), "b", random(r, b.type())),
                List.of(new Conv2d("conv", x, w, Optional.of(b), y, geo)), List.of(y));
    }

    /** y = x[2, 4] * B^T + c, B stored [3, 4] (transB), alpha 0.5. */
    static Graph gemm() {
        Random r = new Random(9);
        Value x = new Value("x", TensorType.of(ElementType.FLOAT, 2, 4));
        Value bt = new Value("bt", TensorType.of(ElementType.FLOAT, 3, 4));
        Value c = new Value("c", TensorType.of(ElementType.FLOAT, 3));
        Value y = new Value("y", TensorType.of(ElementType.FLOAT, 2, 3));
        return new Graph("gemm", List.of(x), Map.of("bt", random(r, bt.type()), "c", random(r, c.type())),
                List.of(new Gemm("gemm", x, bt, Optional.of(c), y, 0.5f, 1f, false, true)), List.of(y));
    }

    private static String masked(Graph g) {
        return g.text().replaceAll("crc32=[0-9a-f]{8}", "crc32=*");
    }

    @Test
    void smoothingADenseLayerDividesItsInputAndScalesTheWeightRows() {
        Graph before = dense();
        double[] s = {4, 0.5, 1, 8};
        Graph after = new SmoothInputs(Map.of("mm", s)).apply(before).orElseThrow();
        assertEquals("""
                graph dense
                input %x: f32[1,3,4]
                init %b: f32[5] crc32=*
                init %mm.smooth_scale: f32[4] crc32=*
                init %mm.smooth_weight: f32[4,5] crc32=*
                init %w: f32[4,5] crc32=*
                node mm.smooth: %x.smoothed: f32[1,3,4] = Mul(%x, %mm.smooth_scale)
                node mm: %z: f32[1,3,5] = MatMul(%x.smoothed, %mm.smooth_weight)
                node add: %a: f32[1,3,5] = Add(%z, %b)
                node relu: %y: f32[1,3,5] = Relu(%a)
                output %y: f32[1,3,5]
                """, masked(after));
        Outputs.assertClose(before, after, RTOL);
        // Row 3 of W took s = 8; the host multiplies channel 3 of X by 1/8.
        assertEquals(8 * before.initializers().get("w").getDouble(3 * 5 + 2),
                after.initializers().get("mm.smooth_weight").getDouble(3 * 5 + 2), 1e-6);
        assertEquals(0.125, after.initializers().get("mm.smooth_scale").getDouble(3));
        // Once applied, the rule finds nothing more to do.
        assertTrue(new SmoothInputs(Map.of("mm", s)).apply(after).isEmpty());
    }

    @Test
    void smoothingAConvScalesEveryKernelColumnOfAnInputChannelAlike() {
        Graph before = conv();
        Graph after = new SmoothInputs(Map.of("conv", new double[] {3, 0.25, 1.5})).apply(before).orElseThrow();
        assertTrue(masked(after).contains("init %conv.smooth_scale: f32[3,1,1] crc32=*"), after.text());
        assertTrue(after.text().contains("node conv.smooth: %x.smoothed: f32[1,3,5,5] NCHW = Mul(%x, %conv.smooth_scale)"),
                after.text());
        Outputs.assertClose(before, after, RTOL);
        Graph gemm = gemm();
        Outputs.assertClose(gemm, new SmoothInputs(Map.of("gemm", new double[] {2, 0.1, 5, 1})).apply(gemm).orElseThrow(),
                RTOL);
    }

    @Test
    void scalingOutputsDividesColumnsAndBiasAndMultipliesBackAfterTheRelu() {
        Graph before = dense();
        double[] t = {10, 1, 0.5, 2, 4};
        Graph after = new ScaleOutputs(Map.of("mm", new ScaleOutputs.Layer(List.of("mm", "add", "relu"), t)))
                .apply(before).orElseThrow();
        assertEquals("""
                graph dense
                input %x: f32[1,3,4]
                init %add.scaled_bias: f32[5] crc32=*
                init %b: f32[5] crc32=*
                init %mm.output_scale: f32[5] crc32=*
                init %mm.scaled_weight: f32[4,5] crc32=*
                init %w: f32[4,5] crc32=*
                node mm: %z: f32[1,3,5] = MatMul(%x, %mm.scaled_weight)
                node add: %a: f32[1,3,5] = Add(%z, %add.scaled_bias)
                node relu: %y.scaled: f32[1,3,5] = Relu(%a)
                node relu.unscale: %y: f32[1,3,5] = Mul(%y.scaled, %mm.output_scale)
                output %y: f32[1,3,5]
                """, masked(after));
        Outputs.assertClose(before, after, RTOL);
        assertEquals(before.initializers().get("w").getDouble(2 * 5) / 10,
                after.initializers().get("mm.scaled_weight").getDouble(2 * 5), 1e-7);
        assertTrue(new ScaleOutputs(Map.of("mm", new ScaleOutputs.Layer(List.of("mm", "add", "relu"), t)))
                .apply(after).isEmpty());
    }

    @Test
    void scalingOutputsOfAConvAndAGemmScalesTheirOwnBias() {
        Graph conv = conv();
        Graph after = new ScaleOutputs(Map.of("conv", new ScaleOutputs.Layer(List.of("conv"), new double[] {1, 3, 0.2, 7})))
                .apply(conv).orElseThrow();
        assertTrue(after.text().contains("= Conv2d(%x, %conv.scaled_weight, bias=%conv.scaled_bias)"), after.text());
        assertTrue(masked(after).contains("init %conv.output_scale: f32[4,1,1] crc32=*"), after.text());
        Outputs.assertClose(conv, after, RTOL);
        Graph gemm = gemm();
        Graph smoothed = new SmoothInputs(Map.of("gemm", new double[] {2, 0.1, 5, 1})).apply(gemm).orElseThrow();
        Graph both = new ScaleOutputs(Map.of("gemm", new ScaleOutputs.Layer(List.of("gemm"), new double[] {6, 0.3, 1})))
                .apply(smoothed).orElseThrow();
        Outputs.assertClose(gemm, both, RTOL);
    }

    @Test
    void badScalesAndNodesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SmoothInputs(Map.of("mm", new double[] {1, 0, 1, 1})));
        assertThrows(IllegalArgumentException.class,
                () -> new ScaleOutputs(Map.of("mm", new ScaleOutputs.Layer(List.of("mm"), new double[] {1, Double.NaN}))));
        IrException e = assertThrows(IrException.class,
                () -> new SmoothInputs(Map.of("mm", new double[] {1, 2, 3})).apply(dense()));
        assertTrue(e.getMessage().contains("3 scales"), e.getMessage());
        assertTrue(SmoothInputs.applies(dense().nodes().get(0), dense()));
        assertTrue(!SmoothInputs.applies(dense().nodes().get(1), dense()));
    }
}
