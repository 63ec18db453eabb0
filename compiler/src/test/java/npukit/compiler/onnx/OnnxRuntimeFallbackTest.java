package npukit.compiler.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.OnnxRuntimeOp;
import npukit.compiler.ir.Tensor;
import npukit.compiler.partition.Partitioner;
import npukit.compiler.pass.BindInputShapes;
import npukit.compiler.pass.PassPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operators the IR has no node for (Einsum, Hardmax) run on the host through ONNX Runtime: imported as
 * {@link OnnxRuntimeOp}s, given their host reason, bound to concrete shapes by running them, and
 * computing the backend tests' expected outputs.
 */
class OnnxRuntimeFallbackTest {

    private static final Path NODE = Path.of(System.getProperty("npukit.onnx.testdata", "/usr/share/libonnx-testdata/data"), "node");

    @TempDir
    Path dir;

    @Test
    void einsumFromTheBackendTestsRunsThroughOnnxRuntime() {
        Path test = NODE.resolve("test_einsum_batch_matmul");
        Graph g = OnnxImporter.read(test.resolve("model.onnx"));
        OnnxRuntimeOp op = (OnnxRuntimeOp) g.nodes().get(0);
        assertEquals("Einsum", op.op());
        assertEquals("no IR operator", op.reason());
        assertTrue(Partitioner.partition(g, true).text().contains("(no IR operator; run by ONNX Runtime)"),
                Partitioner.partition(g, true).text());
        Map<String, Tensor> feed = Map.of(g.inputs().get(0).name(), TensorProtos.read(test.resolve("test_data_set_0/input_0.pb")).tensor(),
                g.inputs().get(1).name(), TensorProtos.read(test.resolve("test_data_set_0/input_1.pb")).tensor());
        Tensor expected = TensorProtos.read(test.resolve("test_data_set_0/output_0.pb")).tensor();
        Tensor got = Interpreter.run(g, feed).get(g.outputs().get(0).name());
        assertEquals(expected.shape(), got.shape());
        for (int i = 0; i < got.size(); i++) {
            assertEquals(expected.getDouble(i), got.getDouble(i), 1e-5 * (1 + Math.abs(expected.getDouble(i))), "element " + i);
        }
    }

    @Test
    void aRuntimeNodeGetsItsShapesWhenTheInputsAreBound() throws IOException {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder()
                .addInput(Models.tensor("x", OnnxMl.TensorProto.DataType.FLOAT, "batch", 5))
                .addNode(Models.node("pick", "Hardmax", new String[] {"x"}, "h"))
                .addNode(Models.node("relu", "Relu", new String[] {"h"}, "y"))
                .addOutput(Models.untyped("y"));
        Graph graph = OnnxImporter.read(Models.write(dir, "hardmax.onnx", Models.model(13, g)));
        assertEquals("pick: %h: f32[?,5] = Hardmax(%x) {onnxruntime opsets=ai.onnx:13 node=" + digest(graph) + "}",
                graph.nodes().get(0).text());
        Graph bound = PassPipeline.standard().run(BindInputShapes.batch(graph, 2).apply(graph).orElseThrow());
        assertEquals("""
                graph handmade
                input %x: f32[2,5]
                node pick: %h: f32[2,5] = Hardmax(%x) {onnxruntime opsets=ai.onnx:13 node=DIGEST}
                node relu: %y: f32[2,5] = Relu(%h)
                output %y: f32[2,5]
                """.replace("DIGEST", digest(graph)), bound.text());
        Tensor x = Tensor.ofFloats(List.of(2, 5), 1, 7, 3, 7, 0, -2, -1, -9, -5, -3);
        assertEquals(Tensor.ofFloats(List.of(2, 5), 0, 1, 0, 0, 0, 0, 1, 0, 0, 0), Interpreter.run(bound, Map.of("x", x)).get("y"),
                "Hardmax marks the first largest element of each row");
    }

    private static String digest(Graph g) {
        String text = g.nodes().get(0).text();
        return text.substring(text.indexOf("node=") + 5, text.length() - 1);
    }
}
