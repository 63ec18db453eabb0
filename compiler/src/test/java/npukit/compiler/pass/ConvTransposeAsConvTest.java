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
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ConvTranspose2d;
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
import npukit.compiler.partition.Partitioner;
import org.junit.jupiter.api.Test;

/**
 * PP-OCRv4 detection's head as exported: ConvTranspose (no bias), Add of the bias, BatchNorm, ReLU; then
 * the rules fold the Add and the BatchNorm into the transposed convolution, make it a 1x1 convolution and
 * a DepthToSpace, and move the ReLU before the DepthToSpace.
 */
class ConvTransposeAsConvTest {

    /** x (1, 3, 4, 5) through a ConvTranspose of 2 output channels, kernel k, stride s, then the head's steps. */
    static Graph head(int k, int s, Pads2d pads, boolean withSteps) {
        Random r = new Random(11);
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(1, 3, 4, 5), Layout.NCHW));
        TensorType wt = TensorType.of(ElementType.FLOAT, 3, 2, k, k);
        Map<String, Tensor> inits = new HashMap<>();
        inits.put("w", Outputs.random(r, wt, -1, 1));
        Value wv = new Value("w", wt);
        ConvGeometry geo = new ConvGeometry(new Size2d(s, s), pads, Size2d.ONE, 1);
        Value up = new Value("up", ConvTranspose2d.infer("ct", x, wv, geo, 0, 0));
        List<Node> nodes = new ArrayList<>(List.of(new ConvTranspose2d("ct", x, wv, Optional.empty(), up, geo, 0, 0)));
        Value out = up;
        if (withSteps) {
            TensorType bias = TensorType.of(ElementType.FLOAT, 2, 1, 1);
            TensorType vec = TensorType.of(ElementType.FLOAT, 2);
            inits.put("b", Outputs.random(r, bias, -1, 1));
            inits.put("gamma", Outputs.random(r, vec, 0.5f, 2));
            inits.put("beta", Outputs.random(r, vec, -1, 1));
            inits.put("mean", Outputs.random(r, vec, -0.5f, 0.5f));
            inits.put("var", Outputs.random(r, vec, 0.1f, 3));
            Value biased = new Value("biased", up.type());
            Value normed = new Value("normed", up.type());
            out = new Value("y", up.type());
            nodes.add(new ElementwiseBinary("add", BinaryFunction.ADD, up, new Value("b", bias), biased));
            nodes.add(new BatchNormalization("bn", biased, new Value("gamma", vec), new Value("beta", vec),
                    new Value("mean", vec), new Value("var", vec), normed, 1e-5f));
            nodes.add(new ElementwiseUnary("relu", UnaryFunction.Plain.RELU, normed, out));
        }
        return new Graph("head", List.of(x), inits, nodes, List.of(out));
    }

    private static String masked(Graph g) {
        return g.text().replaceAll("crc32=[0-9a-f]{8}", "crc32=*");
    }

    @Test
    void theHeadBecomesOneConvolutionWithBiasAndReluThenADepthToSpace() {
        Graph before = head(2, 2, Pads2d.NONE, true);
        Graph after = PassPipeline.standard().run(before);
        assertEquals("""
                graph head
                input %x: f32[1,3,4,5] NCHW
                init %ct.bias: f32[8] crc32=*
                init %ct.weight: f32[8,3,1,1] crc32=*
                node ct: %ct.blocks: f32[1,8,4,5] NCHW = Conv2d(%x, %ct.weight, bias=%ct.bias) {strides=[1,1] pads=[0,0,0,0] dilations=[1,1] group=1}
                node relu: %y_blocks: f32[1,8,4,5] NCHW = Relu(%ct.blocks)
                node ct.to_image: %y: f32[1,2,8,10] NCHW = DepthToSpace(%y_blocks) {blocksize=2 mode=CRD}
                output %y: f32[1,2,8,10] NCHW
                """, masked(after));
        Outputs.assertClose(before, after, 1e-5);
        String partition = Partitioner.partition(after, true).text();
        assertTrue(partition.contains("npu  conv ct+relu: %x -> %y_blocks m=20 k=3 n=8 bias relu"), partition);
    }

    @Test
    void aBareTransposedConvolutionIsExactAtEveryKernel() {
        for (int k : new int[] {1, 2, 3}) {
            Graph before = head(k, k, Pads2d.NONE, false);
            Graph after = PassPipeline.standard().run(before);
            assertEquals(2, after.nodes().size(), after.text());
            Outputs.assertClose(before, after, 1e-5);
        }
    }

    /**
     * x (1, cin, 4, 5) through one ConvTranspose: weights (cin, cout / groups, kh, kw), stride s on both
     * axes, output padding op on both, a bias.
     */
    static Graph transposed(int cin, int cout, int groups, int kh, int kw, int s, Pads2d pads, int op, Size2d dilations) {
        Random r = new Random(31L * kh + 7L * kw + s);
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(1, cin, 4, 5), Layout.NCHW));
        TensorType wt = TensorType.of(ElementType.FLOAT, cin, cout / groups, kh, kw);
        TensorType bt = TensorType.of(ElementType.FLOAT, cout);
        Map<String, Tensor> inits = new HashMap<>();
        inits.put("w", Outputs.random(r, wt, -1, 1));
        inits.put("b", Outputs.random(r, bt, -1, 1));
        Value wv = new Value("w", wt);
        ConvGeometry geo = new ConvGeometry(new Size2d(s, s), pads, dilations, groups);
        Value y = new Value("y", ConvTranspose2d.infer("ct", x, wv, geo, op, op));
        Node ct = new ConvTranspose2d("ct", x, wv, Optional.of(new Value("b", bt)), y, geo, op, op);
        return new Graph("transposed", List.of(x), inits, List.of(ct), List.of(y));
    }

    @Test
    void everyConvolvableTransposedConvolutionBecomesAnExactConvolution() {
        int cases = 0;
        for (int k = 1; k <= 5; k++) {
            for (int s = 1; s <= 3; s++) {
                for (int pad = 0; pad <= 2; pad++) {
                    for (int op = 0; op < s; op++) {
                        for (int[] shape : new int[][] {{3, 2, 1}, {6, 4, 2}, {4, 4, 4}}) {
                            Pads2d pads = new Pads2d(pad, pad / 2, (pad + 1) / 2, pad);
                            Graph before;
                            try {
                                before = transposed(shape[0], shape[1], shape[2], k, k % 3 + 1, s, pads, op, Size2d.ONE);
                            } catch (RuntimeException noOutput) {
                                continue;
                            }
                            Optional<Graph> rewritten = new ConvTransposeAsConv().apply(before);
                            String what = "k=" + k + " s=" + s + " pads=" + pads + " op=" + op + " groups=" + shape[2];
                            if (rewritten.isEmpty()) {
                                continue;
                            }
                            Graph after = rewritten.get();
                            assertTrue(after.nodes().stream().noneMatch(n -> n instanceof ConvTranspose2d), what);
                            Outputs.assertClose(before, after, 1e-5);
                            cases++;
                        }
                    }
                }
            }
        }
        assertTrue(cases > 150, "only " + cases + " cases were convolvable");
    }

    @Test
    void dilatedTransposedConvolutionsBecomeExactConvolutionsToo() {
        int cases = 0;
        for (int k = 2; k <= 3; k++) {
            for (int s = 1; s <= 3; s++) {
                for (int d = 2; d <= 3; d++) {
                    for (int pad = 0; pad <= 2; pad++) {
                        for (int op = 0; op < s; op++) {
                            for (int[] shape : new int[][] {{3, 2, 1}, {4, 4, 2}}) {
                                Pads2d pads = new Pads2d(pad, pad / 2, (pad + 1) / 2, pad);
                                Graph before = transposed(shape[0], shape[1], shape[2], k, k % 3 + 1, s, pads, op,
                                        new Size2d(d, d + 1));
                                Optional<Graph> rewritten = new ConvTransposeAsConv().apply(before);
                                if (rewritten.isEmpty()) {
                                    continue; // pads wider than the kernel spans, e.g. the one-tap width of the k = 3 cases
                                }
                                Outputs.assertClose(before, rewritten.get(), 1e-5);
                                cases++;
                            }
                        }
                    }
                }
            }
        }
        assertTrue(cases >= 112, "only " + cases + " of 144 cases were convolvable");
    }

    @Test
    void onlyOverPaddedWindowsStay() {
        Graph overPadded = head(2, 2, new Pads2d(2, 2, 2, 2), false);
        assertTrue(new ConvTransposeAsConv().apply(overPadded).isEmpty());
        String partition = Partitioner.partition(PassPipeline.standard().run(overPadded), true).text();
        assertTrue(partition.contains("host ConvTranspose ct:") && partition.contains("pads wider than the kernel"),
                partition);
        Graph padded = head(4, 2, new Pads2d(1, 1, 1, 1), false);
        assertTrue(new ConvTransposeAsConv().apply(padded).isPresent());
    }

    @Test
    void theBiasAndBatchNormFoldIntoTheTransposedConvolutionAndTheCropFollowsTheRelu() {
        Graph before = head(3, 2, Pads2d.NONE, true);
        Graph after = PassPipeline.standard().run(before);
        assertEquals("""
                graph head
                input %x: f32[1,3,4,5] NCHW
                init %ct.bias: f32[8] crc32=*
                init %ct.crop.axes: i64[2] crc32=*
                init %ct.crop.ends: i64[2] crc32=*
                init %ct.crop.starts: i64[2] crc32=*
                init %ct.weight: f32[8,3,2,2] crc32=*
                node ct: %ct.blocks: f32[1,8,5,6] NCHW = Conv2d(%x, %ct.weight, bias=%ct.bias) {strides=[1,1] pads=[1,1,1,1] dilations=[1,1] group=1}
                node relu: %y_uncropped_blocks: f32[1,8,5,6] NCHW = Relu(%ct.blocks)
                node ct.to_image: %y_uncropped: f32[1,2,10,12] NCHW = DepthToSpace(%y_uncropped_blocks) {blocksize=2 mode=CRD}
                node ct.crop: %y: f32[1,2,9,11] NCHW = Slice(%y_uncropped, starts=%ct.crop.starts, ends=%ct.crop.ends, axes=%ct.crop.axes)
                output %y: f32[1,2,9,11] NCHW
                """, masked(after));
        Outputs.assertClose(before, after, 1e-5);
    }
}
