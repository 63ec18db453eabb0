package npukit.compiler.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.compiler.data.BundledMnist;
import npukit.compiler.ir.BinaryFunction;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Expand;
import npukit.compiler.ir.ElementwiseBinary;
import npukit.compiler.ir.ElementwiseUnary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.MatMul;
import npukit.compiler.ir.MaxPool;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.PoolWindow;
import npukit.compiler.ir.Reduce;
import npukit.compiler.ir.ReduceFunction;
import npukit.compiler.ir.Shape;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.ir.Value;
import npukit.compiler.lower.FusedLayer;
import npukit.compiler.pass.BindInputShapes;
import npukit.compiler.pass.PassPipeline;
import org.junit.jupiter.api.Test;

class PartitionerTest {

    static Graph mnist(int batch) {
        Graph g = BundledMnist.model();
        g = BindInputShapes.batch(g, batch).apply(g).orElseThrow();
        return PassPipeline.standard().run(g);
    }

    @Test
    void mnistBecomesFourNpuLayersWithPoolingOnTheValuAndReshapeAndLogSoftmaxOnTheHost() {
        Partition p = Partitioner.partition(mnist(1), true);
        // Before the VALU pool each MaxPool was a host step: "host MaxPool MaxPool_1: %11_unpooled -> %11
        // (pooling runs on the host)"; now each joins its convolution's step (2x2, stride 2, no padding).
        assertEquals("""
                partition torch-jit-export
                npu  conv Conv_0+Relu_2: %input_image -> %11_unpooled m=576 k=25 n=10 bias relu {strides=[1,1] pads=[0,0,0,0] dilations=[1,1] group=1}
                npu  maxpool MaxPool_1: %11_unpooled -> %11 on the VALU {kernel=[2,2] blocks=4x144}
                npu  conv Conv_3+Relu_5: %11 -> %14_unpooled m=64 k=250 n=20 bias relu {strides=[1,1] pads=[0,0,0,0] dilations=[1,1] group=1}
                npu  maxpool MaxPool_4: %14_unpooled -> %14 on the VALU {kernel=[2,2] blocks=4x16}
                host Reshape Reshape_7: %14, %15 -> %16  (data movement on the host)
                npu  dense Gemm_8+Relu_9: %16 -> %18 m=1 k=320 n=50 bias relu
                npu  dense Gemm_10+Relu_11: %18 -> %20 m=1 k=50 n=10 bias relu
                host LogSoftmax LogSoftmax_12: %20 -> %output_probs  (exp and log have no NPU unit; float on the host)
                """, p.text());
        assertEquals(5, p.steps().size());
        assertEquals(2, ((NpuStep) p.steps().get(3)).layers().size());
        assertEquals(6, Partitioner.partition(mnist(1), false).steps().size());
        assertEquals(4 * 576, Partitioner.partition(mnist(4), true).layers().get(0).m());
        assertEquals("kernel=[2,2] blocks=4x576",
                ((NpuStep) Partitioner.partition(mnist(4), true).steps().get(0)).pool().orElseThrow().text());
    }

    /** x (1, 2, 6, 6) -> 1x1 conv (3) -> MaxPool of {@code window}; {@code alsoOutput}: the conv output is a graph output too. */
    private static Graph convPool(PoolWindow window, boolean alsoOutput) {
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(1, 2, 6, 6), Layout.NCHW));
        Value w = new Value("w", TensorType.of(ElementType.FLOAT, 3, 2, 1, 1));
        ConvGeometry geo = new ConvGeometry(Size2d.ONE, Pads2d.NONE, Size2d.ONE, 1);
        Value c = new Value("c", Conv2d.infer("conv", x, w, geo));
        Value y = new Value("y", window.outputType("MaxPool", "pool", c.type()));
        return new Graph("g", List.of(x), Map.of("w", Tensor.ofFloats(List.of(3, 2, 1, 1), 1, 2, 3, 4, 5, 6)),
                List.of(new Conv2d("conv", x, w, Optional.empty(), c, geo), new MaxPool("pool", c, y, window)),
                alsoOutput ? List.of(y, c) : List.of(y));
    }

    @Test
    void maxPoolsTheValuCannotRunStayOnTheHostWithTheirReason() {
        Size2d two = new Size2d(2, 2);
        Map<PoolWindow, String> cases = new java.util.LinkedHashMap<>();
        cases.put(new PoolWindow(new Size2d(3, 3), new Size2d(1, 2), Pads2d.NONE, Size2d.ONE, false),
                "overlapping windows (kernel [3,3], strides [1,2]) would compute 2.40x the convolution's covered rows,"
                + " above 2.25x, and a width stride above 1 leaves no runs of pixels to gather");
        cases.put(new PoolWindow(Size2d.ONE, two, Pads2d.NONE, Size2d.ONE, false), "a 1x1 window pools nothing");
        cases.forEach((window, reason) -> {
            String text = Partitioner.partition(convPool(window, false), true).text();
            assertTrue(text.contains("host MaxPool pool: %c -> %y  (pooling runs on the host: " + reason + ")"), text);
        });
        // Windows at width stride 1 overlapping beyond the limit are gathered from the conv's own rows.
        assertTrue(Partitioner.partition(convPool(new PoolWindow(two, Size2d.ONE, Pads2d.NONE, Size2d.ONE, false),
                false), true).text().contains("npu  maxpool pool: %c -> %y on the VALU {kernel=[2,2] strides=[1,1]"
                + " blocks=4x25 gathered}"));
        // Padded windows read the nearest pixel of their own window instead: the VALU runs them.
        assertTrue(Partitioner.partition(convPool(new PoolWindow(two, two, new Pads2d(1, 1, 1, 1), Size2d.ONE, false),
                false), true).text().contains("npu  maxpool pool: %c -> %y on the VALU {kernel=[2,2] pads=[1,1,1,1]"
                + " blocks=4x16 recompute=1.78x}"));
        // Ceil mode where the kernel divides the image adds no partial window: the VALU runs it.
        assertTrue(Partitioner.partition(convPool(new PoolWindow(two, two, Pads2d.NONE, Size2d.ONE, true), false), true)
                .text().contains("npu  maxpool pool: %c -> %y on the VALU {kernel=[2,2] ceil blocks=4x9}"));
        String read = Partitioner.partition(convPool(new PoolWindow(two, two, Pads2d.NONE, Size2d.ONE, false), true),
                true).text();
        assertTrue(read.contains("(pooling runs on the host: its input is not the output of one ungrouped convolution"
                + " that only it reads)"), read);
    }

    @Test
    void convWeightsBecomeTheKByNMatrixInImColumnOrder() {
        Graph g = mnist(1);
        FusedLayer conv2 = Partitioner.partition(g, true).layers().get(1);
        Tensor w = g.initializers().get("conv2.weight");
        // W[(ci*5 + ky)*5 + kx][co] = weight[co][ci][ky][kx]
        int co = 13;
        int ci = 7;
        int ky = 2;
        int kx = 4;
        assertEquals(w.getDouble(((co * 10 + ci) * 5 + ky) * 5 + kx),
                conv2.weights().getDouble(((ci * 5 + ky) * 5 + kx) * 20 + co));
    }

    @Test
    void matMulAddReluFusesAndAReadElsewhereBlocksTheFusion() {
        Value x = new Value("x", TensorType.of(ElementType.FLOAT, 3, 4));
        Value w = new Value("w", TensorType.of(ElementType.FLOAT, 4, 2));
        Value b = new Value("b", TensorType.of(ElementType.FLOAT, 2));
        Value p = new Value("p", TensorType.of(ElementType.FLOAT, 3, 2));
        Value s = new Value("s", p.type());
        Value y = new Value("y", p.type());
        Map<String, Tensor> inits = Map.of("w", Tensor.ofFloats(List.of(4, 2), 1, 2, 3, 4, 5, 6, 7, 8),
                "b", Tensor.ofFloats(List.of(2), 1, -1));
        var nodes = List.<npukit.compiler.ir.Node>of(new MatMul("mm", x, w, p), new ElementwiseBinary("add", BinaryFunction.ADD, p, b, s),
                new ElementwiseUnary("relu", UnaryFunction.Plain.RELU, s, y));
        Partition fused = Partitioner.partition(new Graph("g", List.of(x), inits, nodes, List.of(y)), true);
        assertEquals("""
                partition g
                npu  dense mm+add+relu: %x -> %y m=3 k=4 n=2 bias relu
                """, fused.text());
        Partition blocked = Partitioner.partition(new Graph("g", List.of(x), inits, nodes, List.of(y, s)), true);
        assertEquals("""
                partition g
                npu  dense mm+add: %x -> %s m=3 k=4 n=2 bias
                host Relu relu: %s -> %y  (Relu has no NPU lowering; float on the host)
                """, blocked.text());
        assertTrue(fused.layers().get(0).relu());
        assertFalse(blocked.layers().get(0).relu());
    }

    /**
     * h -> dense a -> Add(h) -> ReLU -> dense b: the Add and ReLU fuse into a with h as its residual, and
     * a is last in its step. Read by the graph's output, or added to a value computed after a, the Add stays.
     */
    @Test
    void aResidualAddFusesWhereItsOperandIsKnownAndOnlyProductsReadTheSum() {
        Value h = new Value("h", TensorType.of(ElementType.FLOAT, 3, 2));
        Value w = new Value("w", TensorType.of(ElementType.FLOAT, 2, 2));
        Value p = new Value("p", h.type());
        Value s = new Value("s", h.type());
        Value r = new Value("r", h.type());
        Value y = new Value("y", h.type());
        Value late = new Value("late", h.type());
        Map<String, Tensor> inits = Map.of("w", Tensor.ofFloats(List.of(2, 2), 1, 2, 3, 4));
        var nodes = List.<npukit.compiler.ir.Node>of(new MatMul("a", h, w, p),
                new ElementwiseBinary("add", BinaryFunction.ADD, p, h, s),
                new ElementwiseUnary("relu", UnaryFunction.Plain.RELU, s, r), new MatMul("b", r, w, y));
        assertEquals("""
                partition g
                npu  dense a+add+relu: %h -> %r m=3 k=2 n=2 + residual %h relu
                npu  dense b: %r -> %y m=3 k=2 n=2
                """, Partitioner.partition(new Graph("g", List.of(h), inits, nodes, List.of(y)), true).text());
        assertEquals("""
                partition g
                npu  dense a: %h -> %p m=3 k=2 n=2
                host Add add: %p, %h -> %s  (not a residual: the NPU adds one in the accumulators of the convolution or dense layer whose output only this Add reads, the other operand an activation of the same shape computed before that layer, when only products and Adds read the sum (a graph output or a float op keeps it in float); float on the host)
                host Relu relu: %s -> %r  (Relu has no NPU lowering; float on the host)
                """, Partitioner.partition(new Graph("g", List.of(h), inits, nodes.subList(0, 3), List.of(r)), true).text());
        var lateNodes = List.<npukit.compiler.ir.Node>of(new MatMul("a", h, w, p), new MatMul("c", h, w, late),
                new ElementwiseBinary("add", BinaryFunction.ADD, p, late, s), new MatMul("b", s, w, y));
        assertEquals("""
                partition g
                npu  dense a: %h -> %p m=3 k=2 n=2
                npu  dense c+add: %h -> %s m=3 k=2 n=2 + residual %p
                npu  dense b: %s -> %y m=3 k=2 n=2
                """, Partitioner.partition(new Graph("g", List.of(h), inits, lateNodes, List.of(y)), true).text());
    }

    /** New kinds of node never crash the partitioner: each is host work with its reason, found through the visitor. */
    @Test
    void everyOtherNodeIsHostWorkWithItsReason() {
        Value x = new Value("x", TensorType.of(ElementType.FLOAT, 2, 8));
        Value s = new Value("s", x.type());
        Value m = new Value("m", TensorType.of(ElementType.FLOAT, 2, 1));
        Value d = new Value("d", x.type());
        Value shape = new Value("shape", TensorType.of(ElementType.INT64, 2));
        Value y = new Value("y", x.type());
        Value axes = new Value("axes", TensorType.of(ElementType.INT64, 1));
        Graph g = new Graph("misc", List.of(x), Map.of("axes", Tensor.ofLongs(1)), List.of(
                new ElementwiseUnary("sigmoid", UnaryFunction.Plain.SIGMOID, x, s),
                new Reduce("mean", ReduceFunction.MEAN, s, java.util.Optional.of(axes), m, true, false),
                new ElementwiseBinary("sub", BinaryFunction.SUB, s, m, d),
                new Shape("shape", d, shape, 0, 2),
                new Expand("expand", d, shape, y)), List.of(y));
        assertEquals("""
                partition misc
                host Sigmoid sigmoid: %x -> %s  (Sigmoid has no NPU lowering; float on the host)
                host ReduceMean mean: %s, %axes -> %m  (reductions run on the host)
                host Sub sub: %s, %m -> %d  (Sub has no NPU lowering; float on the host)
                host Shape shape: %d -> %shape  (shape computation on the host)
                host Expand expand: %d, %shape -> %y  (data movement on the host)
                """, Partitioner.partition(g, true).text());
    }
}
