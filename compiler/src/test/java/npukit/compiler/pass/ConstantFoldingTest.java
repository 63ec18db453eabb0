package npukit.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.Constant;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.ElementwiseUnary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.ir.Value;
import org.junit.jupiter.api.Test;

class ConstantFoldingTest {

    private static final TensorType ROW = TensorType.of(ElementType.FLOAT, 2, 3);
    private static final TensorType VEC = TensorType.of(ElementType.FLOAT, 3);

    private static Tensor vec(float... v) {
        return Tensor.of(VEC, v);
    }

    /** y = x + relu(a + c), a an initializer, c a Constant node. */
    static Graph constantChain() {
        Value x = new Value("x", ROW);
        Value a = new Value("a", VEC);
        Value c = new Value("c", VEC);
        Value k = new Value("k", VEC);
        Value r = new Value("r", VEC);
        Value y = new Value("y", ROW);
        return new Graph("fold", List.of(x), Map.of("a", vec(1, -2, 3)), List.of(
                new Constant("const", c, vec(10, -20, 30)),
                new ElementwiseBinary("sum", BinaryFunction.ADD, a, c, k),
                new ElementwiseUnary("relu", UnaryFunction.Plain.RELU, k, r),
                new ElementwiseBinary("out", BinaryFunction.ADD, x, r, y)), List.of(y));
    }

    @Test
    void oneStepTurnsTheFirstConstantNodeIntoAnInitializer() {
        Graph after = new ConstantFolding().apply(constantChain()).orElseThrow();
        assertEquals("""
                graph fold
                input %x: f32[2,3]
                init %a: f32[3] crc32=@A@
                init %c: f32[3] crc32=@C@
                node sum: %k: f32[3] = Add(%a, %c)
                node relu: %r: f32[3] = Relu(%k)
                node out: %y: f32[2,3] = Add(%x, %r)
                output %y: f32[2,3]
                """.replace("@A@", vec(1, -2, 3).digest()).replace("@C@", vec(10, -20, 30).digest()), after.text());
        Outputs.assertSameExactly(constantChain(), after);
    }

    @Test
    void thePipelineFoldsTheWholeConstantChainAndDropsTheLeftovers() {
        Graph after = PassPipeline.standard().run(constantChain());
        assertEquals("""
                graph fold
                input %x: f32[2,3]
                init %r: f32[3] crc32=@R@
                node out: %y: f32[2,3] = Add(%x, %r)
                output %y: f32[2,3]
                """.replace("@R@", vec(11, 0, 33).digest()), after.text());
        assertEquals(vec(11, 0, 33), after.initializers().get("r"));
        Outputs.assertSameExactly(constantChain(), after);
    }

    @Test
    void nodesReadingAGraphInputAreNotFolded() {
        Graph g = PassPipeline.standard().run(constantChain());
        assertTrue(new ConstantFolding().apply(g).isEmpty());
    }

    @Test
    void aFoldedValueThatIsAGraphOutputStaysAnOutput() {
        Value a = new Value("a", VEC);
        Value x = new Value("x", VEC);
        Value r = new Value("r", VEC);
        Graph g = new Graph("const-out", List.of(x), Map.of("a", vec(-1, 2, -3)), List.of(new ElementwiseUnary("relu", UnaryFunction.Plain.RELU, a, r)), List.of(r));
        Graph after = PassPipeline.standard().run(g);
        assertEquals("""
                graph const-out
                input %x: f32[3]
                init %r: f32[3] crc32=@R@
                output %r: f32[3]
                """.replace("@R@", vec(0, 2, 0).digest()), after.text());
        Outputs.assertSameExactly(g, after);
    }
}
