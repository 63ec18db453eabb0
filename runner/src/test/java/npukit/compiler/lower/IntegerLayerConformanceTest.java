package npukit.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import npukit.arch.config.ChipConfig;
import npukit.compiler.ir.ConvInteger;
import npukit.compiler.ir.Graph;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.runtime.CompileOptions;
import npukit.compiler.runtime.CompiledModel;
import npukit.compiler.runtime.ModelCompiler;
import npukit.compiler.ir.MatMulInteger;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.QLinearConv;
import npukit.compiler.ir.QLinearMatMul;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.Value;
import npukit.compiler.onnx.OnnxImporter;
import npukit.compiler.onnx.TensorProtos;
import npukit.runner.ModelRunner;
import npukit.runner.SimulatedTimer;
import org.junit.jupiter.api.Test;

/**
 * The ONNX backend node tests of the four integer operators (Debian's libonnx-testdata), run on the NPU
 * path: every input but the data input becomes an initializer (the NPU needs weights, scales and zero
 * points at compile time), the model is compiled for the chip and run on the cycle-accurate simulator
 * (the runner also checks the simulator against NpuLayerReference), and the output is compared with the
 * expected output_0.pb exactly. (A test of the compiler's integer lowering that needs the machine, so it
 * lives with the runner.)
 */
class IntegerLayerConformanceTest {

    static final Path NODE = Path.of(System.getProperty("npukit.onnx.testdata", "/usr/share/libonnx-testdata/data"), "node");

    /** Expected to lower and match exactly. */
    static final List<String> BIT_EXACT = List.of("test_qlinearconv", "test_qlinearmatmul_2D", "test_basic_convinteger",
            "test_convinteger_with_padding", "test_convinteger_without_padding", "test_matmulinteger");

    @Test
    void backendNodeTestsAreBitExactOnTheNpu() {
        if (!Files.isDirectory(NODE)) {
            fail("ONNX backend test data is missing: no " + NODE + " (apt-get install -y libonnx-testdata, or ./run-tests)");
        }
        ChipConfig chip = IntegerGraphs.gemmini16();
        List<String> ran = new ArrayList<>();
        for (String test : BIT_EXACT) {
            Tensor[] result = run(NODE.resolve(test), chip);
            assertEquals(List.of(), differences(result[0], result[1]), test);
            ran.add(test + ": " + result[1].type().text() + " bit-exact");
        }
        // Its B is u8[2,4,3]: a batch of weight matrices, which one NPU layer (one W) cannot hold.
        IntegerLoweringException e = assertThrows(IntegerLoweringException.class,
                () -> run(NODE.resolve("test_qlinearmatmul_3D"), chip));
        assertTrue(e.getMessage().contains("B %b: u8[2,4,3] must be 2-D"), e.getMessage());
        ran.add("test_qlinearmatmul_3D: not lowered (batched B)");
        System.out.println("integer backend tests on " + chip.name() + ":\n  " + String.join("\n  ", ran));
    }

    /** The NPU's output and the expected one for test_data_set_0 of a one-node test. */
    static Tensor[] run(Path dir, ChipConfig chip) {
        Graph onnx = OnnxImporter.read(dir.resolve("model.onnx"));
        Node node = onnx.nodes().get(0);
        Value data = dataInput(node);
        Path set = dir.resolve("test_data_set_0");
        Map<String, Tensor> constants = new HashMap<>();
        Tensor input = null;
        for (int i = 0; i < onnx.inputs().size(); i++) {
            Value v = onnx.inputs().get(i);
            Tensor t = TensorProtos.read(set.resolve("input_" + i + ".pb")).tensor().withType(v.type());
            if (v.equals(data)) {
                input = t;
            } else {
                constants.put(v.name(), t);
            }
        }
        Graph g = new Graph(onnx.name(), List.of(data), constants, onnx.nodes(), onnx.outputs());
        IntegerLayers.lower(node, g, chip);
        Map<String, Tensor> feed = Map.of(data.name(), input);
        CompiledModel compiled = ModelCompiler.compile(g, chip,
                new CompileOptions(1, List.of(feed), CalibrationMethod.MINMAX, true), new SimulatedTimer(chip));
        if (compiled.integerLayers().size() != 1) {
            throw new AssertionError(dir + ": the node did not go to the NPU: " + compiled.partition().text());
        }
        Tensor got = new ModelRunner(compiled).run(feed).outputs().get(onnx.outputs().get(0).name());
        Tensor expected = TensorProtos.read(set.resolve("output_0.pb")).tensor();
        return new Tensor[] {got, expected};
    }

    /** The node's activation input: the one tensor that is not a weight, scale, zero point or bias. */
    static Value dataInput(Node node) {
        if (node instanceof QLinearConv c) {
            return c.x();
        }
        if (node instanceof ConvInteger c) {
            return c.x();
        }
        if (node instanceof QLinearMatMul q) {
            return q.a();
        }
        if (node instanceof MatMulInteger q) {
            return q.a();
        }
        throw new IllegalArgumentException("not an integer node: " + node.op() + " " + node.name());
    }

    static List<String> differences(Tensor got, Tensor expected) {
        List<String> diffs = new ArrayList<>();
        if (!got.shape().equals(expected.shape()) || got.elementType() != expected.elementType()) {
            return List.of("got " + got.type().text() + ", expected " + expected.type().text());
        }
        for (int i = 0; i < got.size(); i++) {
            if (got.getLong(i) != expected.getLong(i)) {
                diffs.add("element " + i + ": npu " + got.getLong(i) + ", expected " + expected.getLong(i));
            }
        }
        return diffs;
    }
}
