package npukit.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.Concat;
import npukit.compiler.ir.ConstantOfShape;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.Expand;
import npukit.compiler.ir.Gather;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Reshape;
import npukit.compiler.ir.Shape;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Unsqueeze;
import npukit.compiler.ir.Value;
import org.junit.jupiter.api.Test;

/**
 * The shape subgraph transformers export (Shape, Gather, Unsqueeze, Concat into a Reshape's target;
 * ConstantOfShape and Expand from a computed shape) folds to initializers once the input shapes are
 * bound, leaving a static graph of the computing nodes only.
 */
class ShapeSubgraphFoldingTest {

    /** x (?, ?, 8) reshaped to (batch, seq, 2, 4), plus a mask of ones expanded to x's shape. */
    private static Graph heads() {
        Value x = new Value("x", TensorType.of(ElementType.FLOAT, TensorType.UNKNOWN, TensorType.UNKNOWN, 8));
        Value shape = new Value("shape", TensorType.of(ElementType.INT64, 3));
        Value zero = new Value("zero", TensorType.of(ElementType.INT64));
        Value one = new Value("one", TensorType.of(ElementType.INT64));
        Value axes = new Value("axes", TensorType.of(ElementType.INT64, 1));
        Value tail = new Value("tail", TensorType.of(ElementType.INT64, 2));
        Value batch = new Value("batch", TensorType.of(ElementType.INT64));
        Value seq = new Value("seq", TensorType.of(ElementType.INT64));
        Value batch1 = new Value("batch1", TensorType.of(ElementType.INT64, 1));
        Value seq1 = new Value("seq1", TensorType.of(ElementType.INT64, 1));
        Value target = new Value("target", TensorType.of(ElementType.INT64, 4));
        Value y = new Value("y", TensorType.of(ElementType.FLOAT, TensorType.UNKNOWN, TensorType.UNKNOWN, 2, 4));
        Value ones = new Value("ones", TensorType.of(ElementType.FLOAT, 1, 1, 1));
        Value mask = new Value("mask", x.type());
        Value masked = new Value("masked", x.type());
        Value oneShape = new Value("one_shape", TensorType.of(ElementType.INT64, 3));
        return new Graph("heads", List.of(x), Map.of(
                "zero", Tensor.of(zero.type(), new long[] {0}), "one", Tensor.of(one.type(), new long[] {1}),
                "axes", Tensor.ofLongs(0), "tail", Tensor.ofLongs(2, 4), "one_shape", Tensor.ofLongs(1, 1, 1)), List.of(
                new Shape("shape_of_x", x, shape, 0, 3),
                new Gather("batch_dim", shape, zero, batch, 0),
                new Gather("seq_dim", shape, one, seq, 0),
                new Unsqueeze("batch_vec", batch, axes, batch1),
                new Unsqueeze("seq_vec", seq, axes, seq1),
                new Concat("target_shape", List.of(batch1, seq1, tail), target, 0),
                new Reshape("split_heads", x, target, y, false),
                new ConstantOfShape("ones_of", oneShape, ones, Tensor.scalar(ElementType.FLOAT, 1)),
                new Expand("mask_like_x", ones, shape, mask),
                new ElementwiseBinary("apply_mask", BinaryFunction.MUL, x, mask, masked)), List.of(y, masked));
    }

    @Test
    void bindingThenThePipelineLeavesAStaticGraphOfTheComputingNodes() {
        Graph g = heads();
        Graph bound = PassPipeline.standard().run(InputShapes.bind(g, InputShapes.parse(List.of("x=2x5x8")), 1));
        String text = bound.text();
        assertEquals("""
                graph heads
                input %x: f32[2,5,8]
                init %mask: f32[2,5,8] crc32=MASK
                init %target: i64[4] crc32=TARGET
                node split_heads: %y: f32[2,5,2,4] = Reshape(%x, shape=%target) {allowzero=false}
                node apply_mask: %masked: f32[2,5,8] = Mul(%x, %mask)
                output %y: f32[2,5,2,4]
                output %masked: f32[2,5,8]
                """.replace("MASK", bound.initializers().get("mask").digest())
                .replace("TARGET", bound.initializers().get("target").digest()), text);
        assertEquals(List.of(2L, 5L, 2L, 4L), java.util.Arrays.stream(bound.initializers().get("target").toLongs()).boxed().toList());
        Map<String, Tensor> in = Outputs.randomInputs(bound, 11, 2);
        assertEquals(Interpreter.run(g, in), Interpreter.run(bound, in));
    }
}
