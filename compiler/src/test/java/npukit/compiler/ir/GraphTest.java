package npukit.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GraphTest {

    private static final TensorType IMAGE = new TensorType(ElementType.FLOAT, List.of(1, 3, 8, 8), Layout.NCHW);

    private static Graph convRelu() {
        Value x = new Value("x", IMAGE);
        Tensor w = Tensor.of(TensorType.of(ElementType.FLOAT, 4, 3, 3, 3), new float[108]);
        Value wv = new Value("w", w.type());
        ConvGeometry g = new ConvGeometry(new Size2d(2, 2), new Pads2d(1, 1, 1, 1), Size2d.ONE, 1);
        Value c = new Value("c", Conv2d.infer("conv", x, wv, g));
        Value y = new Value("y", c.type());
        return new Graph("tiny", List.of(x), Map.of("w", w),
                List.of(new Conv2d("conv", x, wv, Optional.empty(), c, g), new ElementwiseUnary("relu", UnaryFunction.Plain.RELU, c, y)), List.of(y));
    }

    @Test
    void canonicalTextHasOneLinePerItemWithShapesAndTypes() {
        String expected = """
                graph tiny
                input %x: f32[1,3,8,8] NCHW
                init %w: f32[4,3,3,3] crc32=DIGEST
                node conv: %c: f32[1,4,4,4] NCHW = Conv2d(%x, %w) {strides=[2,2] pads=[1,1,1,1] dilations=[1,1] group=1}
                node relu: %y: f32[1,4,4,4] NCHW = Relu(%c)
                output %y: f32[1,4,4,4] NCHW
                """.replace("DIGEST", "e0477453");
        assertEquals(expected, convRelu().text());
        assertEquals(convRelu().text(), convRelu().text());
    }

    @Test
    void initializerDataChangesTheText() {
        Graph g = convRelu();
        float[] other = new float[108];
        other[5] = 1f;
        Tensor changed = Tensor.of(g.initializers().get("w").type(), other);
        Graph g2 = new Graph(g.name(), g.inputs(), Map.of("w", changed), g.nodes(), g.outputs());
        assertTrue(!g.text().equals(g2.text()));
    }

    @Test
    void aValueUsedBeforeItIsDefinedIsRejected() {
        Graph g = convRelu();
        List<Node> reversed = List.of(g.nodes().get(1), g.nodes().get(0));
        IrException e = assertThrows(IrException.class,
                () -> new Graph("tiny", g.inputs(), g.initializers(), reversed, g.outputs()));
        assertEquals("graph tiny: Relu relu uses %c before any definition of it", e.getMessage());
    }

    @Test
    void aValueDefinedTwiceIsRejected() {
        Graph g = convRelu();
        Value x = g.inputs().get(0);
        Value y = new Value("c", x.type());
        List<Node> nodes = List.of(new ElementwiseUnary("first", UnaryFunction.Plain.RELU, x, y), g.nodes().get(0));
        IrException e = assertThrows(IrException.class,
                () -> new Graph("tiny", g.inputs(), g.initializers(), nodes, List.of(y)));
        assertEquals("graph tiny: value %c is defined twice (again by Conv2d conv)", e.getMessage());
    }

    @Test
    void aUseWithAnotherTypeThanTheDefinitionIsRejected() {
        Graph g = convRelu();
        Value wrong = new Value("y", TensorType.of(ElementType.FLOAT, 1, 4, 4, 4));
        IrException e = assertThrows(IrException.class,
                () -> new Graph("tiny", g.inputs(), g.initializers(), g.nodes(), List.of(wrong)));
        assertTrue(e.getMessage().contains("graph output uses %y: f32[1,4,4,4] but it is defined as %y: f32[1,4,4,4] NCHW"),
                e.getMessage());
    }

    @Test
    void convolutionChecksChannelsAndGroups() {
        Value x = new Value("x", IMAGE);
        Value w = new Value("w", TensorType.of(ElementType.FLOAT, 4, 2, 3, 3));
        IrException e = assertThrows(IrException.class, () -> Conv2d.infer("c1", x, w, ConvGeometry.DEFAULT));
        assertEquals("Conv2d c1: input has 3 channels but weight f32[4,2,3,3] with group 1 expects 2", e.getMessage());
        Value dw = new Value("dw", TensorType.of(ElementType.FLOAT, 3, 1, 3, 3));
        ConvGeometry depthwise = new ConvGeometry(Size2d.ONE, Pads2d.NONE, new Size2d(2, 2), 3);
        Value y = new Value("y", Conv2d.infer("c2", x, dw, depthwise));
        assertEquals("f32[1,3,4,4] NCHW", y.type().text());
        assertTrue(new Conv2d("c2", x, dw, Optional.empty(), y, depthwise).isDepthwise());
    }

    @Test
    void aDeclaredOutputThatDisagreesWithTheOperatorIsRejected() {
        Value x = new Value("x", IMAGE);
        Value y = new Value("y", new TensorType(ElementType.FLOAT, List.of(1, 3, 4, 4), Layout.NCHW));
        PoolWindow window = new PoolWindow(new Size2d(3, 3), Size2d.ONE, Pads2d.NONE, Size2d.ONE, false);
        IrException e = assertThrows(IrException.class, () -> new MaxPool("pool", x, y, window));
        assertEquals("MaxPool pool: output %y: f32[1,3,4,4] NCHW disagrees with the inferred type f32[1,3,6,6] NCHW",
                e.getMessage());
    }

    @Test
    void unknownDimensionsPropagateAndPrintAsQuestionMarks() {
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(-1, 3, 8, 8), Layout.NCHW));
        assertEquals("f32[?,192]", Flatten.infer("f", x, 1).text());
        assertEquals("f32[?,3,2,32]", Reshape.infer("r", x, new long[] {0, 3, 2, -1}, false).text());
        assertEquals("f32[?,3,8,8]", Reshape.infer("r", x, new long[] {0, 0, 8, -1}, false).text());
        assertEquals("f32[2,96]", Reshape.infer("r", new Value("s", IMAGE.withShape(List.of(1, 3, 8, 8))),
                new long[] {2, -1}, false).text());
    }
}
