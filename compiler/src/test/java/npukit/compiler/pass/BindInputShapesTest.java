package npukit.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Tensor;
import npukit.compiler.testdata.MnistData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BindInputShapesTest {

    @Test
    void bindsTheBatchOfAConvBnGraphThroughEveryNode() {
        Graph g = FoldBatchNormIntoConvTest.convBn(true, 1, false, true);
        Graph bound = BindInputShapes.batch(g, 3).apply(g).orElseThrow();
        assertEquals(g.text().replace("?", "3"), bound.text());
        assertTrue(BindInputShapes.batch(bound, 3).apply(bound).isEmpty());
        Map<String, Tensor> in = Outputs.randomInputs(g, 7, 3);
        assertEquals(Interpreter.run(g, in), Interpreter.run(bound, in));
    }

    @Test
    void bindsTheBatchOfTheMnistCnnThroughConvPoolReshapeAndGemm(@TempDir Path tmp) throws IOException {
        Graph g = PassPipeline.standard().run(MnistData.model(tmp));
        Graph bound = new BindInputShapes(Map.of("input_image", List.of(2, 1, 28, 28))).apply(g).orElseThrow();
        assertEquals(g.text().replace("?", "2"), bound.text());
        Map<String, Tensor> in = Outputs.randomInputs(g, 3, 2);
        assertEquals(Interpreter.run(g, in), Interpreter.run(bound, in));
    }

    @Test
    void aShapeThatContradictsTheDeclaredOneIsAnError() {
        Graph g = FoldBatchNormIntoConvTest.convBn(true, 1, false, true);
        InputShapeException e = assertThrows(InputShapeException.class,
                () -> new BindInputShapes(Map.of("x", List.of(1, 5, 6, 6))).apply(g));
        assertEquals("graph convbn: input 'x' is declared f32[?,3,6,6] NCHW and cannot take the shape 1x5x6x6", e.getMessage());
        InputShapeException missing = assertThrows(InputShapeException.class,
                () -> new BindInputShapes(Map.of("nope", List.of(1))).apply(g));
        assertEquals("graph convbn has no input 'nope'", missing.getMessage());
        InputShapeException unbound = assertThrows(InputShapeException.class, () -> new BindInputShapes(Map.of()).apply(g));
        assertEquals("graph convbn: input 'x' is declared f32[?,3,6,6] NCHW and cannot take the shape ?x3x6x6", unbound.getMessage());
    }
}
