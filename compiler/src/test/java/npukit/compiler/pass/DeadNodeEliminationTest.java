package npukit.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.ElementwiseUnary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.ir.Value;
import org.junit.jupiter.api.Test;

class DeadNodeEliminationTest {

    private static final TensorType ROW = TensorType.of(ElementType.FLOAT, 2, 3);
    private static final TensorType VEC = TensorType.of(ElementType.FLOAT, 3);

    /** y = relu(x + a); a dead branch relu(x + dead); an initializer nobody reads; an unused input. */
    static Graph withDeadBranch() {
        Value x = new Value("x", ROW);
        Value unusedInput = new Value("u", VEC);
        Value a = new Value("a", VEC);
        Value dead = new Value("dead", VEC);
        Value s = new Value("s", ROW);
        Value d = new Value("d", ROW);
        Value e = new Value("e", ROW);
        Value y = new Value("y", ROW);
        Map<String, Tensor> inits = Map.of(
                "a", Tensor.of(VEC, new float[] {1, 2, 3}),
                "dead", Tensor.of(VEC, new float[] {4, 5, 6}),
                "unused", Tensor.of(TensorType.of(ElementType.FLOAT, 1), new float[] {7}));
        return new Graph("dce", List.of(x, unusedInput), inits, List.of(
                new ElementwiseBinary("add", BinaryFunction.ADD, x, a, s),
                new ElementwiseBinary("dead_add", BinaryFunction.ADD, x, dead, d),
                new ElementwiseUnary("dead_relu", UnaryFunction.Plain.RELU, d, e),
                new ElementwiseUnary("relu", UnaryFunction.Plain.RELU, s, y)), List.of(y));
    }

    @Test
    void removesNodesThatReachNoOutputAndInitializersNobodyReads() {
        Graph before = withDeadBranch();
        Graph after = new DeadNodeElimination().apply(before).orElseThrow();
        assertEquals("""
                graph dce
                input %x: f32[2,3]
                input %u: f32[3]
                init %a: f32[3] crc32=@A@
                node add: %s: f32[2,3] = Add(%x, %a)
                node relu: %y: f32[2,3] = Relu(%s)
                output %y: f32[2,3]
                """.replace("@A@", before.initializers().get("a").digest()), after.text());
        Outputs.assertSameExactly(before, after);
    }

    @Test
    void aGraphWithoutDeadNodesIsLeftAlone() {
        Graph live = new DeadNodeElimination().apply(withDeadBranch()).orElseThrow();
        assertTrue(new DeadNodeElimination().apply(live).isEmpty());
    }

    @Test
    void anOutputThatIsAnInitializerKeepsIt() {
        Value x = new Value("x", VEC);
        Value k = new Value("k", VEC);
        Value y = new Value("y", VEC);
        Graph g = new Graph("init-out", List.of(x), Map.of("k", Tensor.of(VEC, new float[] {1, 2, 3})),
                List.of(new ElementwiseUnary("relu", UnaryFunction.Plain.RELU, x, y)), List.of(y, k));
        assertTrue(new DeadNodeElimination().apply(g).isEmpty());
    }
}
