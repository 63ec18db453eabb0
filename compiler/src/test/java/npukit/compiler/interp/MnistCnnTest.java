package npukit.compiler.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Tensor;
import npukit.compiler.testdata.MnistData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real trained MNIST CNN from Tribuo's test jar, on the first 62 MNIST test digits. */
class MnistCnnTest {

    @TempDir
    static Path tmp;
    static Graph graph;
    static List<MnistData.Digit> digits;

    @BeforeAll
    static void load() throws IOException {
        graph = MnistData.model(tmp);
        digits = MnistData.digits();
    }

    @Test
    void importsToTheExpectedCanonicalText() {
        assertEquals("""
                graph torch-jit-export
                input %input_image: f32[?,1,28,28] NCHW
                init %conv1.bias: f32[10] crc32=229a3a29
                init %conv1.weight: f32[10,1,5,5] crc32=97f472f6
                init %conv2.bias: f32[20] crc32=0d14b8bc
                init %conv2.weight: f32[20,10,5,5] crc32=2f5d1649
                init %fc1.bias: f32[50] crc32=3bb9b1ea
                init %fc1.weight: f32[50,320] crc32=a042aec4
                init %fc2.bias: f32[10] crc32=8edf2f34
                init %fc2.weight: f32[10,50] crc32=dfaf9641
                node Conv_0: %9: f32[?,10,24,24] NCHW = Conv2d(%input_image, %conv1.weight, bias=%conv1.bias) {strides=[1,1] pads=[0,0,0,0] dilations=[1,1] group=1}
                node MaxPool_1: %10: f32[?,10,12,12] NCHW = MaxPool(%9) {kernel=[2,2] strides=[2,2] pads=[0,0,0,0] dilations=[1,1] ceil=false}
                node Relu_2: %11: f32[?,10,12,12] NCHW = Relu(%10)
                node Conv_3: %12: f32[?,20,8,8] NCHW = Conv2d(%11, %conv2.weight, bias=%conv2.bias) {strides=[1,1] pads=[0,0,0,0] dilations=[1,1] group=1}
                node MaxPool_4: %13: f32[?,20,4,4] NCHW = MaxPool(%12) {kernel=[2,2] strides=[2,2] pads=[0,0,0,0] dilations=[1,1] ceil=false}
                node Relu_5: %14: f32[?,20,4,4] NCHW = Relu(%13)
                node Constant_6: %15: i64[2] = Constant() {value=i64[2] crc32=18f4b8fc}
                node Reshape_7: %16: f32[?,320] = Reshape(%14, shape=%15) {allowzero=false}
                node Gemm_8: %17: f32[?,50] = Gemm(%16, %fc1.weight, c=%fc1.bias) {alpha=1.0 beta=1.0 transA=false transB=true}
                node Relu_9: %18: f32[?,50] = Relu(%17)
                node Gemm_10: %19: f32[?,10] = Gemm(%18, %fc2.weight, c=%fc2.bias) {alpha=1.0 beta=1.0 transA=false transB=true}
                node Relu_11: %20: f32[?,10] = Relu(%19)
                node LogSoftmax_12: %output_probs: f32[?,10] = LogSoftmax(%20) {axis=1}
                output %output_probs: f32[?,10]
                """, graph.text());
    }

    /** Top-1 correct digits when pixels are multiplied by {@code scale} before entering the model. */
    private static int correct(float scale) {
        int correct = 0;
        for (MnistData.Digit d : digits) {
            Map<String, Tensor> out = Interpreter.run(graph, Map.of(MnistData.INPUT, d.input(scale)));
            correct += MnistData.argmax(out.get(MnistData.OUTPUT)) == d.label() ? 1 : 0;
        }
        return correct;
    }

    /**
     * Tribuo's own test of this model feeds the raw 0..255 pixels (ImageTransformer, no scaling); the
     * network (conv, max-pool, ReLU, biases small next to 255) classifies these digits under both scalings.
     */
    @Test
    void classifiesAll62DigitsWithRawAndWithZeroOnePixels() {
        assertEquals(62, digits.size());
        int raw = correct(1f);
        int scaled = correct(1f / 255f);
        System.out.printf("MNIST CNN on the interpreter: raw 0..255 pixels -> %d/62 correct, pixels/255 -> %d/62%n", raw, scaled);
        assertEquals(62, raw);
        assertEquals(62, scaled);
    }
}
