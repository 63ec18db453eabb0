package npukit.compiler.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ort.OnnxRuntimeSession;
import npukit.compiler.testdata.Agreement;
import npukit.compiler.testdata.MnistData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real MNIST CNN on its 62 test digits through ONNX Runtime and through the interpreter: the
 * log-probabilities must agree and every digit must get the same class from both.
 */
class OnnxRuntimeReferenceTest {

    /**
     * Tolerance on each digit's 10 log-probabilities, relative to that output's largest magnitude.
     * ORT sums conv and dense products in float32, in its own order; the interpreter sums in double and
     * rounds once. Over k = 500 products, float32 rounding drifts by about sqrt(k) x 2^-24 = 1.3e-6 of the
     * largest partial sum (measured: 4.2e-7); 1e-5 leaves room for that, while a real mistake (a wrong
     * pad, stride or weight order) moves a logit by percent.
     */
    static final double RTOL = 1e-5;
    /** An absolute floor for outputs whose largest element is near 0 (not the case here, but defined). */
    static final double ATOL = 1e-6;

    @TempDir
    static Path tmp;
    static Graph graph;
    static List<MnistData.Digit> digits;
    static OnnxRuntimeSession ort;

    @BeforeAll
    static void load() throws IOException {
        graph = MnistData.model(tmp);
        digits = MnistData.digits();
        ort = new OnnxRuntimeSession(MnistData.modelBytes());
    }

    @AfterAll
    static void close() {
        ort.close();
    }

    /** Raw 0..255 pixels (as Tribuo's test feeds them) and pixels / 255. */
    @ParameterizedTest(name = "pixels x {0}")
    @ValueSource(floats = {1f, 1f / 255f})
    void interpreterMatchesOnnxRuntimeOnAll62Digits(float scale) {
        assertEquals(62, digits.size());
        assertEquals(List.of(MnistData.INPUT), ort.inputNames());
        double worstRelative = 0;
        int correct = 0;
        for (int d = 0; d < digits.size(); d++) {
            MnistData.Digit digit = digits.get(d);
            Map<String, Tensor> in = Map.of(MnistData.INPUT, digit.input(scale));
            Tensor reference = ort.run(in).get(MnistData.OUTPUT);
            Tensor ours = Interpreter.run(graph, in).get(MnistData.OUTPUT);
            Agreement a = Agreement.of(reference, ours);
            assertTrue(a.within(RTOL, ATOL), "digit " + d + " (label " + digit.label() + "): " + a
                    + " exceeds rtol " + RTOL + " x scale + atol " + ATOL);
            worstRelative = Math.max(worstRelative, a.relativeToScale());
            int ortClass = MnistData.argmax(reference);
            assertEquals(ortClass, MnistData.argmax(ours), "digit " + d + ": ONNX Runtime and the interpreter pick different classes");
            correct += ortClass == digit.label() ? 1 : 0;
        }
        System.out.printf("MNIST CNN, pixels x %s: interpreter vs ONNX Runtime 1.28.0, worst |diff| / max|output| = %.3g"
                + " (tolerance %.0e); same class on all 62; ORT correct on %d/62%n", scale, worstRelative, RTOL, correct);
        assertEquals(62, correct, "ONNX Runtime itself should classify every one of these digits");
    }
}
