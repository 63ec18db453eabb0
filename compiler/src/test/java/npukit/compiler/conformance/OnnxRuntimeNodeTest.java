package npukit.compiler.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.Value;
import npukit.compiler.onnx.OnnxImporter;
import npukit.compiler.onnx.TensorProtos;
import npukit.compiler.ort.OnnxRuntimeSession;
import npukit.compiler.testdata.Agreement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Single-operator ONNX backend tests through ONNX Runtime and the interpreter, on the stored inputs and
 * on seeded random inputs of the same shapes: the stored data has one input per test, the random ones
 * exercise the same operator on values nobody picked.
 */
class OnnxRuntimeNodeTest {

    /** Relative to each output's largest magnitude; these operators sum at most a few dozen products. */
    static final double RTOL = 1e-5;
    static final double ATOL = 1e-6;
    static final int RANDOM_RUNS = 3;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"test_basic_conv_with_padding", "test_conv_with_strides_and_asymmetric_padding",
            "test_conv_with_autopad_same", "test_gemm_all_attributes", "test_gemm_transposeA", "test_gemm_default_vector_bias",
            "test_maxpool_2d_pads", "test_maxpool_2d_ceil", "test_maxpool_2d_strides", "test_averagepool_2d_pads_count_include_pad",
            "test_softmax_axis_0", "test_softmax_example", "test_logsoftmax_large_number", "test_relu"})
    void interpreterMatchesOnnxRuntime(String test) throws IOException {
        Path dir = OnnxConformanceTest.DATA.resolve("node").resolve(test);
        if (!Files.isRegularFile(dir.resolve("model.onnx"))) {
            fail("ONNX backend test " + dir + " is missing. Run the README's test command ./run-tests, which installs"
                    + " the Debian package libonnx-testdata (or: apt-get install -y libonnx-testdata).");
        }
        Graph graph = OnnxImporter.read(dir.resolve("model.onnx"));
        Path set = dir.resolve("test_data_set_0");
        Map<String, Tensor> stored = new LinkedHashMap<>();
        for (int i = 0; i < graph.inputs().size(); i++) {
            stored.put(graph.inputs().get(i).name(), TensorProtos.read(set.resolve("input_" + i + ".pb")).tensor());
        }
        try (OnnxRuntimeSession ort = new OnnxRuntimeSession(Files.readAllBytes(dir.resolve("model.onnx")))) {
            assertEquals(List.copyOf(stored.keySet()), ort.inputNames(), "the runtime and the importer name the inputs alike");
            // The harness itself: ORT must reproduce the test's expected output, or the comparison means nothing.
            Value out0 = graph.outputs().get(0);
            Tensor expected = TensorProtos.read(set.resolve("output_0.pb")).tensor();
            assertTrue(Agreement.of(expected, ort.run(stored).get(out0.name())).within(RTOL, ATOL),
                    "ONNX Runtime does not reproduce " + test + "'s expected output");

            double worst = compare(test + " stored inputs", graph, ort, stored);
            Random random = new Random(test.hashCode());
            for (int run = 0; run < RANDOM_RUNS; run++) {
                worst = Math.max(worst, compare(test + " random run " + run, graph, ort, randomLike(stored, random)));
            }
            if (test.contains("maxpool") || test.contains("relu")) {
                // Selection without arithmetic: nothing to round, so any difference is a bug.
                assertEquals(0.0, worst, test + " must match ONNX Runtime bit for bit");
            }
            System.out.printf("%s: interpreter vs ONNX Runtime, worst |diff| / max|output| = %.3g over %d inputs%n",
                    test, worst, RANDOM_RUNS + 1);
        }
    }

    /** Asserts every output agrees; returns the worst difference relative to scale. */
    private static double compare(String what, Graph graph, OnnxRuntimeSession ort, Map<String, Tensor> inputs) {
        Map<String, Tensor> reference = ort.run(inputs);
        Map<String, Tensor> ours = Interpreter.run(graph, inputs);
        assertEquals(reference.keySet(), ours.keySet(), what + ": output names");
        double worst = 0;
        for (String name : reference.keySet()) {
            Agreement a = Agreement.of(reference.get(name), ours.get(name));
            assertTrue(a.within(RTOL, ATOL), what + ", output " + name + ": " + a + " exceeds rtol " + RTOL + ", atol " + ATOL);
            worst = Math.max(worst, a.relativeToScale());
        }
        return worst;
    }

    /** Uniform [-3, 3) floats shaped like each stored input (wider than [-1, 1) so Relu and pooling see both signs at scale). */
    private static Map<String, Tensor> randomLike(Map<String, Tensor> stored, Random random) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        stored.forEach((name, t) -> {
            if (t.elementType() != ElementType.FLOAT) {
                throw new IllegalStateException("input " + name + " is " + t.type().text() + "; random inputs are float only");
            }
            float[] f = new float[t.size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = random.nextFloat() * 6 - 3;
            }
            out.put(name, Tensor.of(t.type(), f));
        });
        return out;
    }
}
