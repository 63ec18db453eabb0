package npukit.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Tensor;
import npukit.compiler.testdata.MnistData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standard pipeline on the real MNIST CNN (Tribuo's tests jar), loaded through MnistData. */
class MnistPipelineTest {

    @TempDir
    static Path tmp;
    static Graph graph;
    static List<MnistData.Digit> digits;

    @BeforeAll
    static void load() throws IOException {
        graph = MnistData.model(tmp);
        digits = MnistData.digits();
    }

    /**
     * The changes: the Reshape's shape Constant becomes initializer %15 (same data, same digest), and
     * both ReLUs move before their MaxPools.
     */
    @Test
    void thePipelineFoldsTheShapeConstantAndMovesTheRelusBeforeThePools() {
        Graph after = PassPipeline.standard().run(graph);
        String expected = graph.text()
                .replace("node Constant_6: %15: i64[2] = Constant() {value=i64[2] crc32=18f4b8fc}\n", "")
                .replace("input %input_image: f32[?,1,28,28] NCHW\n",
                        "input %input_image: f32[?,1,28,28] NCHW\ninit %15: i64[2] crc32=18f4b8fc\n")
                .replace("""
                        node MaxPool_1: %10: f32[?,10,12,12] NCHW = MaxPool(%9) {kernel=[2,2] strides=[2,2] pads=[0,0,0,0] dilations=[1,1] ceil=false}
                        node Relu_2: %11: f32[?,10,12,12] NCHW = Relu(%10)
                        """, """
                        node Relu_2: %11_unpooled: f32[?,10,24,24] NCHW = Relu(%9)
                        node MaxPool_1: %11: f32[?,10,12,12] NCHW = MaxPool(%11_unpooled) {kernel=[2,2] strides=[2,2] pads=[0,0,0,0] dilations=[1,1] ceil=false}
                        """)
                .replace("""
                        node MaxPool_4: %13: f32[?,20,4,4] NCHW = MaxPool(%12) {kernel=[2,2] strides=[2,2] pads=[0,0,0,0] dilations=[1,1] ceil=false}
                        node Relu_5: %14: f32[?,20,4,4] NCHW = Relu(%13)
                        """, """
                        node Relu_5: %14_unpooled: f32[?,20,8,8] NCHW = Relu(%12)
                        node MaxPool_4: %14: f32[?,20,4,4] NCHW = MaxPool(%14_unpooled) {kernel=[2,2] strides=[2,2] pads=[0,0,0,0] dilations=[1,1] ceil=false}
                        """);
        assertEquals(expected, after.text());
        assertEquals(12, after.nodes().size());
        assertEquals(after.text(), PassPipeline.standard().run(after).text());
        Outputs.assertSameExactly(graph, after);
    }

    @Test
    void theRewrittenModelStillClassifiesAll62Digits() {
        Graph after = PassPipeline.standard().run(graph);
        assertEquals(62, digits.size());
        int correct = 0;
        for (MnistData.Digit d : digits) {
            Map<String, Tensor> x = Map.of(MnistData.INPUT, d.input(1f));
            Tensor logits = Interpreter.run(after, x).get(MnistData.OUTPUT);
            assertEquals(Interpreter.run(graph, x).get(MnistData.OUTPUT), logits);
            correct += MnistData.argmax(logits) == d.label() ? 1 : 0;
        }
        assertEquals(62, correct);
    }
}
