package npukit.compiler.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.OnnxRuntimeOp;
import npukit.compiler.ir.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxImporterTest {

    private static final OnnxMl.TensorProto.DataType F = OnnxMl.TensorProto.DataType.FLOAT;

    @TempDir
    Path dir;

    /** x (1,2,4,4) -> [op] -> y, with a 3x2x3x3 float weight. */
    private OnnxMl.GraphProto.Builder convGraph(OnnxMl.NodeProto node) {
        return OnnxMl.GraphProto.newBuilder()
                .addInput(Models.tensor("x", F, "batch", 2, 4, 4))
                .addInitializer(Models.rawFloats("w", new long[] {3, 2, 3, 3}, new float[54]))
                .addNode(node)
                .addOutput(Models.untyped("y"));
    }

    @Test
    void anOperatorNeitherTheIrNorOnnxRuntimeKnowsIsNamedWithItsNodeAndFile() throws IOException {
        OnnxMl.NodeProto gate = Models.node("gate", "Frobnicate", new String[] {"x"}, "y").build();
        Path file = Models.write(dir, "frobnicate.onnx", Models.model(13, convGraph(gate)));
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> OnnxImporter.read(file));
        assertTrue(e.getMessage().startsWith(file + ": node 'gate' (Frobnicate): no IR operator; ONNX Runtime cannot run it"
                + " either: "), e.getMessage());
        assertEquals(UnsupportedModelException.Kind.OPERATOR, e.kind());
        assertEquals("gate", e.node());
        assertEquals("Frobnicate", e.opType());
    }

    @Test
    void anUnknownAttributeIsNamedWithItsNodeAndFile() throws IOException {
        OnnxMl.NodeProto conv = Models.node("conv1", "Conv", new String[] {"x", "w"}, "y")
                .addAttribute(Models.integer("fancy_mode", 1)).build();
        Path file = Models.write(dir, "fancy.onnx", Models.model(13, convGraph(conv)));
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> OnnxImporter.read(file));
        assertTrue(e.getMessage().startsWith(file + ": node 'conv1' (Conv): unsupported attribute fancy_mode; ONNX Runtime"
                + " cannot run it either: "), e.getMessage());
        assertEquals("fancy_mode", e.attribute());
    }

    @Test
    void anUnsupportedAttributeValueIsNamed() throws IOException {
        OnnxMl.NodeProto conv = Models.node("conv1", "Conv", new String[] {"x", "w"}, "y")
                .addAttribute(Models.string("auto_pad", "SAME_SIDEWAYS")).build();
        Path file = Models.write(dir, "autopad.onnx", Models.model(13, convGraph(conv)));
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> OnnxImporter.read(file));
        assertTrue(e.getMessage().startsWith(file + ": node 'conv1' (Conv): unsupported value auto_pad=SAME_SIDEWAYS; ONNX"
                + " Runtime cannot run it either: "), e.getMessage());
        assertEquals("auto_pad", e.attribute());
    }

    @Test
    void everyNodeThatCannotRunIsListedInOneError() throws IOException {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder()
                .addInput(Models.tensor("x", F, 1, 4))
                .addNode(Models.node("first", "Frobnicate", new String[] {"x"}, "a"))
                .addNode(Models.node("after_first", "Relu", new String[] {"a"}, "b"))
                .addNode(Models.node("fine", "Relu", new String[] {"x"}, "c"))
                .addNode(Models.node("second", "Twiddle", new String[] {"c"}, "d"))
                .addOutput(Models.untyped("b")).addOutput(Models.untyped("d"));
        Path file = Models.write(dir, "two.onnx", Models.model(13, g));
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> OnnxImporter.read(file));
        assertEquals(List.of("first", "second"), e.problems().stream().map(UnsupportedModelException.Problem::node).toList(),
                "the node reading an unrunnable one is not itself a problem");
        assertTrue(e.getMessage().startsWith(file + ": 2 problems, the model cannot run: node 'first' (Frobnicate): no IR"
                + " operator; ONNX Runtime cannot run it either: "), e.getMessage());
        assertTrue(e.getMessage().contains("; node 'second' (Twiddle): no IR operator; ONNX Runtime cannot run it either: "),
                e.getMessage());
    }

    @Test
    void aThreeDimensionalConvolutionRunsOnOnnxRuntime() throws IOException {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder()
                .addInput(Models.tensor("x", F, 1, 2, 4, 4, 4))
                .addInitializer(Models.rawFloats("w", new long[] {3, 2, 1, 1, 1}, 1, 2, 3, 4, 5, 6))
                .addNode(Models.node("conv3d", "Conv", new String[] {"x", "w"}, "y"))
                .addOutput(Models.untyped("y"));
        Graph graph = OnnxImporter.read(Models.write(dir, "conv3d.onnx", Models.model(13, g)));
        OnnxRuntimeOp op = (OnnxRuntimeOp) graph.nodes().get(0);
        assertEquals("only 1-D and 2-D convolutions are supported; input %x: f32[1,2,4,4,4] and weight %w: f32[3,2,1,1,1] have 3"
                + " spatial dimensions", op.reason());
        assertEquals("f32[1,3,4,4,4]", op.results().get(0).type().text());
        float[] x = new float[128];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 64 < 1 ? 1 : 0;
        }
        Tensor y = Interpreter.run(graph, Map.of("x", Tensor.ofFloats(List.of(1, 2, 4, 4, 4), x))).get("y");
        // The 1x1x1 kernel mixes the two channels: output channel c at the first voxel is w[c][0] + w[c][1].
        assertEquals(List.of(3.0, 7.0, 11.0), List.of(y.getDouble(0), y.getDouble(64), y.getDouble(128)));
    }

    @Test
    void aShapeMismatchIsAMalformedModelNamingTheNode() throws IOException {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder()
                .addInput(Models.tensor("x", F, 1, 5, 4, 4))
                .addInitializer(Models.rawFloats("w", new long[] {3, 2, 3, 3}, new float[54]))
                .addNode(Models.node("conv1", "Conv", new String[] {"x", "w"}, "y"))
                .addOutput(Models.untyped("y"));
        Path file = Models.write(dir, "channels.onnx", Models.model(13, g));
        OnnxModelException e = assertThrows(OnnxModelException.class, () -> OnnxImporter.read(file));
        assertEquals(file + ": node 'conv1' (Conv): Conv2d conv1: input has 5 channels but weight f32[3,2,3,3] with group 1"
                + " expects 2", e.getMessage());
    }

    @Test
    void aFileThatIsNotAModelIsRejectedWithItsName() throws IOException {
        Path file = dir.resolve("garbage.onnx");
        Files.write(file, new byte[] {(byte) 0xff, 0x01, 0x02});
        OnnxModelException e = assertThrows(OnnxModelException.class, () -> OnnxImporter.read(file));
        assertEquals(file + ": not a readable ONNX model", e.getMessage().replaceFirst(" \\(.*\\)$", ""));
    }

    @Test
    void shapesAreInferredWhereTheModelDeclaresNone() throws IOException {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder()
                .addInput(Models.tensor("x", F, "batch", 2, 9, 9))
                .addInitializer(Models.rawFloats("w", new long[] {4, 1, 3, 3}, new float[36]))
                .addNode(Models.node("conv", "Conv", new String[] {"x", "w"}, "c")
                        .addAttribute(Models.integer("group", 2)).addAttribute(Models.ints("strides", 2, 2))
                        .addAttribute(Models.string("auto_pad", "SAME_UPPER")))
                .addNode(Models.node("pool", "AveragePool", new String[] {"c"}, "p")
                        .addAttribute(Models.ints("kernel_shape", 2, 2)).addAttribute(Models.ints("strides", 2, 2))
                        .addAttribute(Models.integer("ceil_mode", 1)))
                .addNode(Models.node("gap", "GlobalAveragePool", new String[] {"p"}, "g"))
                .addNode(Models.node("flat", "Flatten", new String[] {"g"}, "f"))
                .addNode(Models.node("t", "Transpose", new String[] {"f"}, "y"))
                .addOutput(Models.untyped("y"));
        Graph graph = OnnxImporter.read(Models.write(dir, "shapes.onnx", Models.model(13, g)));
        assertEquals("""
                graph handmade
                input %x: f32[?,2,9,9] NCHW
                init %w: f32[4,1,3,3] crc32=814fe61b
                node conv: %c: f32[?,4,5,5] NCHW = Conv2d(%x, %w) {strides=[2,2] pads=[1,1,1,1] dilations=[1,1] group=2}
                node pool: %p: f32[?,4,3,3] NCHW = AveragePool(%c) {kernel=[2,2] strides=[2,2] pads=[0,0,0,0] dilations=[1,1] ceil=true count_include_pad=false}
                node gap: %g: f32[?,4,1,1] NCHW = GlobalAveragePool(%p)
                node flat: %f: f32[?,4] = Flatten(%g) {axis=1}
                node t: %y: f32[4,?] = Transpose(%f) {perm=[1,0]}
                output %y: f32[4,?]
                """, graph.text());
    }

    @Test
    void aDeclaredOutputShapeThatContradictsInferenceIsRejected() throws IOException {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder()
                .addInput(Models.tensor("x", F, 1, 6))
                .addNode(Models.node("flat", "Flatten", new String[] {"x"}, "y").addAttribute(Models.integer("axis", 0)))
                .addOutput(Models.tensor("y", F, 6, 1));
        Path file = Models.write(dir, "declared.onnx", Models.model(13, g));
        OnnxModelException e = assertThrows(OnnxModelException.class, () -> OnnxImporter.read(file));
        assertEquals(file + ": node 'flat' (Flatten): output y is declared f32[6,1] but the operator produces f32[1,6]",
                e.getMessage());
    }

    @Test
    void legacySoftmaxOverAnInnerAxisIsLoweredToFlattenSoftmaxReshape() throws IOException {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder()
                .addInput(Models.tensor("x", F, 2, 3, 4))
                .addNode(Models.node("sm", "Softmax", new String[] {"x"}, "y"))
                .addOutput(Models.untyped("y"));
        Graph graph = OnnxImporter.read(Models.write(dir, "softmax11.onnx", Models.model(11, g)));
        assertEquals("""
                graph handmade
                input %x: f32[2,3,4]
                init %sm/shape: i64[3] crc32=DIGEST
                node sm/flatten: %y/flat: f32[2,12] = Flatten(%x) {axis=1}
                node sm/Softmax: %y/normalized: f32[2,12] = Softmax(%y/flat) {axis=1}
                node sm/reshape: %y: f32[2,3,4] = Reshape(%y/normalized, shape=%sm/shape) {allowzero=false}
                output %y: f32[2,3,4]
                """.replace("DIGEST", graph.initializers().get("sm/shape").digest()), graph.text());
        assertEquals(List.of(2L, 3L, 4L), Arrays.stream(graph.initializers().get("sm/shape").toLongs()).boxed().toList());
        Graph modern = OnnxImporter.read(Models.write(dir, "softmax13.onnx", Models.model(13, g)));
        assertEquals("sm: %y: f32[2,3,4] = Softmax(%x) {axis=2}", modern.nodes().get(0).text());
    }

    /** An input declaring [1, 2^31] or [1, -5] used to run as dimension 1 (issue 11); it is refused. */
    @Test
    void declaredDimensionsOutOfRangeAreRefused() throws IOException {
        for (long bad : new long[] {1L << 31, -5}) {
            OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder()
                    .addInput(Models.tensor("x", F, 1, bad))
                    .addNode(Models.node("r", "Relu", new String[] {"x"}, "y"))
                    .addOutput(Models.untyped("y"));
            Path file = Models.write(dir, "bad" + bad + ".onnx", Models.model(13, g));
            OnnxModelException e = assertThrows(OnnxModelException.class, () -> OnnxImporter.read(file));
            assertEquals(file + ": value x: dimension 1 of [1," + bad + "] is " + bad + "; a dimension must be 0 .. 2^31 - 1",
                    e.getMessage());
        }
    }

    /** A batch of 2^31 used to run as 1 (issue 11); a static shape past the element limit is refused too. */
    @Test
    void aBatchOf2To31AndShapesPastTheLimitAreRefused() throws IOException {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder()
                .addInput(Models.tensor("x", F, 1L << 31, 3))
                .addNode(Models.node("r", "Relu", new String[] {"x"}, "y"))
                .addOutput(Models.untyped("y"));
        Path file = Models.write(dir, "batch.onnx", Models.model(13, g));
        assertTrue(assertThrows(OnnxModelException.class, () -> OnnxImporter.read(file)).getMessage()
                .contains("dimension 0 of [2147483648,3] is 2147483648"));
        OnnxMl.GraphProto.Builder big = OnnxMl.GraphProto.newBuilder()
                .addInput(Models.tensor("x", F, "batch", 65536, 65536))
                .addNode(Models.node("r", "Relu", new String[] {"x"}, "y"))
                .addOutput(Models.untyped("y"));
        Path bigFile = Models.write(dir, "big.onnx", Models.model(13, big));
        assertEquals(bigFile + ": value x: shape [?,65536,65536] has more than 268435456 elements, the limit for one tensor",
                assertThrows(OnnxModelException.class, () -> OnnxImporter.read(bigFile)).getMessage());
    }

    /** Opset 99 used to be accepted (issue 11). */
    @Test
    void anOpsetAboveTheSupportedOnesIsRefusedNamingIt() throws IOException {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder()
                .addInput(Models.tensor("x", F, 1, 4))
                .addNode(Models.node("r", "Relu", new String[] {"x"}, "y"))
                .addOutput(Models.untyped("y"));
        Path file = Models.write(dir, "opset99.onnx", Models.model(99, g));
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> OnnxImporter.read(file));
        assertEquals(file + ": the model: it imports ONNX operator set 99; supported are 1 to 21", e.getMessage());
    }
}
