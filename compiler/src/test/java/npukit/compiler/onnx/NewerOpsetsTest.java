package npukit.compiler.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.OnnxRuntimeOp;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ort.OnnxRuntimeSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operators and attributes of opsets newer than the backend test data (ONNX 1.12, opset 17): each a
 * one-node model run by the interpreter and by ONNX Runtime on seeded random inputs; the outputs must
 * agree within 1e-5 (relative, with an absolute floor of 1e-5), and no node may fall back to ONNX Runtime.
 */
class NewerOpsetsTest {

    private static final OnnxMl.TensorProto.DataType F = OnnxMl.TensorProto.DataType.FLOAT;

    @TempDir
    Path dir;

    private void agree(String name, int opset, OnnxMl.NodeProto.Builder node, int... shape) throws IOException {
        agreeWithInitializer(name, opset, node, null, null, shape);
    }

    private static OnnxMl.NodeProto.Builder op(String type, String... inputs) {
        return Models.node("n", type, inputs.length == 0 ? new String[] {"x"} : inputs, "y");
    }

    @Test
    void geluExactAndTanh() throws IOException {
        agree("gelu", 20, op("Gelu"), 3, 17);
        agree("gelu_tanh", 20, op("Gelu").addAttribute(Models.string("approximate", "tanh")), 3, 17);
    }

    @Test
    void mishAndHardSwish() throws IOException {
        agree("mish", 18, op("Mish"), 2, 9);
        agree("hardswish", 14, op("HardSwish"), 2, 9);
    }

    @Test
    void reductionsWithAxesOperands() throws IOException {
        OnnxMl.NodeProto.Builder mean = op("ReduceMean", "x", "axes").addAttribute(Models.integer("keepdims", 0));
        agreeWithInitializer("reduce_mean18", 18, mean, Tensor.ofLongs(1, -1), "axes", 2, 3, 4);
        agreeWithInitializer("reduce_max18", 18, op("ReduceMax", "x", "axes"), Tensor.ofLongs(0), "axes", 2, 3, 4);
    }

    @Test
    void padWrapAndResizeHalfPixelSymmetric() throws IOException {
        agreeWithInitializer("pad_wrap", 19, op("Pad", "x", "pads").addAttribute(Models.string("mode", "wrap")),
                Tensor.ofLongs(0, 2, 1, 3), "pads", 2, 4);
        agreeWithInitializer("resize_symmetric", 19, op("Resize", "x", "", "scales")
                        .addAttribute(Models.string("mode", "linear"))
                        .addAttribute(Models.string("coordinate_transformation_mode", "half_pixel_symmetric")),
                Tensor.ofFloats(List.of(4), 1f, 1f, 1.7f, 0.6f), "scales", 1, 2, 5, 7);
    }

    /** The node on input x of {@code shape} and, unless null, an initializer; interpreter and runtime must agree. */
    private void agreeWithInitializer(String name, int opset, OnnxMl.NodeProto.Builder node, Tensor value, String valueName,
                                      int... shape) throws IOException {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder();
        if (value != null) {
            OnnxMl.TensorProto.Builder init = OnnxMl.TensorProto.newBuilder().setName(valueName)
                    .setDataType(OnnxTypes.code(value.elementType())).setRawData(com.google.protobuf.ByteString.copyFrom(value.rawBytes()));
            value.shape().forEach(d -> init.addDims(d));
            g.addInitializer(init);
        }
        Object[] dims = java.util.Arrays.stream(shape).boxed().toArray();
        g.addInput(Models.tensor("x", F, dims)).addNode(node).addOutput(Models.untyped("y"));
        Path file = Models.write(dir, name + ".onnx", Models.model(opset, g));
        Graph graph = OnnxImporter.read(file);
        assertFalse(graph.nodes().stream().anyMatch(n -> n instanceof OnnxRuntimeOp), name + " must run in the interpreter");
        Random r = new Random(name.hashCode());
        float[] x = new float[TensorType.of(npukit.compiler.ir.ElementType.FLOAT, shape).elementCount()];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() * 8 - 4;
        }
        Map<String, Tensor> feed = Map.of("x", Tensor.of(TensorType.of(npukit.compiler.ir.ElementType.FLOAT, shape), x));
        Tensor ours = Interpreter.run(graph, feed).get("y");
        Tensor theirs;
        try (OnnxRuntimeSession ort = new OnnxRuntimeSession(Files.readAllBytes(file))) {
            theirs = ort.run(feed).get("y");
        }
        assertEquals(theirs.shape(), ours.shape(), name);
        for (int i = 0; i < theirs.size(); i++) {
            assertEquals(theirs.getDouble(i), ours.getDouble(i), 1e-5 * (1 + Math.abs(theirs.getDouble(i))), name + " element " + i);
        }
    }
}
