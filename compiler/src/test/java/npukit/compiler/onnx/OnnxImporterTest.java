package npukit.compiler.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import npukit.compiler.ir.Graph;
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
    void anUnsupportedOperatorIsNamedWithItsNodeAndFile() throws IOException {
        OnnxMl.NodeProto sigmoid = Models.node("gate", "Sigmoid", new String[] {"x"}, "y").build();
        Path file = Models.write(dir, "sigmoid.onnx", Models.model(13, convGraph(sigmoid)));
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> OnnxImporter.read(file));
        assertEquals(file + ": node 'gate' (Sigmoid): unsupported operator Sigmoid", e.getMessage());
        assertEquals(UnsupportedModelException.Kind.OPERATOR, e.kind());
        assertEquals("gate", e.node());
        assertEquals("Sigmoid", e.opType());
    }

    @Test
    void anUnknownAttributeIsNamedWithItsNodeAndFile() throws IOException {
        OnnxMl.NodeProto conv = Models.node("conv1", "Conv", new String[] {"x", "w"}, "y")
                .addAttribute(Models.integer("fancy_mode", 1)).build();
        Path file = Models.write(dir, "fancy.onnx", Models.model(13, convGraph(conv)));
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> OnnxImporter.read(file));
        assertEquals(file + ": node 'conv1' (Conv): unsupported attribute fancy_mode", e.getMessage());
        assertEquals("fancy_mode", e.attribute());
    }

    @Test
    void anUnsupportedAttributeValueIsNamed() throws IOException {
        OnnxMl.NodeProto conv = Models.node("conv1", "Conv", new String[] {"x", "w"}, "y")
                .addAttribute(Models.string("auto_pad", "SAME_SIDEWAYS")).build();
        Path file = Models.write(dir, "autopad.onnx", Models.model(13, convGraph(conv)));
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> OnnxImporter.read(file));
        assertEquals(file + ": node 'conv1' (Conv): unsupported value auto_pad=SAME_SIDEWAYS", e.getMessage());
        assertEquals("auto_pad", e.attribute());
    }

    @Test
    void aThreeDimensionalConvolutionIsAnUnsupportedShape() throws IOException {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder()
                .addInput(Models.tensor("x", F, 1, 2, 4, 4, 4))
                .addInitializer(Models.rawFloats("w", new long[] {3, 2, 1, 1, 1}, new float[6]))
                .addNode(Models.node("conv3d", "Conv", new String[] {"x", "w"}, "y"))
                .addOutput(Models.untyped("y"));
        Path file = Models.write(dir, "conv3d.onnx", Models.model(13, g));
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> OnnxImporter.read(file));
        assertEquals(UnsupportedModelException.Kind.SHAPE, e.kind());
        assertEquals(file + ": node 'conv3d' (Conv): only 2-D convolutions are supported; input %x: f32[1,2,4,4,4] and"
                + " weight %w: f32[3,2,1,1,1] have 3 spatial dimensions", e.getMessage());
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
}
