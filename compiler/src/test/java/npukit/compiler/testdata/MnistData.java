package npukit.compiler.testdata;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Tensor;
import npukit.compiler.data.BundledMnist;
import npukit.compiler.onnx.OnnxImporter;

/**
 * The real trained MNIST CNN and the first 62 MNIST test digits, both from Tribuo's tribuo-onnx tests
 * jar (a test-scope dependency): shared so every test reads them the same way.
 */
public final class MnistData {

    /** Where the tests jar keeps them. */
    public static final String DIR = BundledMnist.DIR;
    public static final String MODEL = "cnn_mnist.onnx";
    public static final String DIGITS = "mnist_test_head.libsvm";
    /** The model's only input, f32[?,1,28,28]. */
    public static final String INPUT = "input_image";
    /** The model's only output, f32[?,10] log-probabilities. */
    public static final String OUTPUT = "output_probs";
    public static final int SIDE = 28;

    private MnistData() {
    }

    /**
     * A labelled digit: pixels 0..255 in row-major 28x28 order.
     *
     * @param label  the digit 0..9
     * @param pixels 784 grey levels
     */
    public record Digit(int label, float[] pixels) {

        public Digit {
            if (label < 0 || label > 9) {
                throw new IllegalArgumentException("digit label " + label + " is not 0..9");
            }
            if (pixels == null || pixels.length != SIDE * SIDE) {
                throw new IllegalArgumentException("digit with label " + label + " has "
                        + (pixels == null ? "no" : pixels.length) + " pixels, expected " + SIDE * SIDE);
            }
        }

        /**
         * The model input, a [1,1,28,28] tensor of the pixels times {@code scale}. Tribuo's own test of
         * this model feeds raw 0..255 (scale 1); 1/255 gives the usual 0..1 range.
         */
        public Tensor input(float scale) {
            float[] x = new float[pixels.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = pixels[i] * scale;
            }
            return Tensor.ofFloats(List.of(1, 1, SIDE, SIDE), x);
        }
    }

    /** The model file's bytes. */
    public static byte[] modelBytes() throws IOException {
        try (InputStream in = resource(MODEL)) {
            return in.readAllBytes();
        }
    }

    /** Copies the model into {@code dir} (the importer reads files, so external data could sit beside it) and imports it. */
    public static Graph model(Path dir) throws IOException {
        Path model = dir.resolve(MODEL);
        try (InputStream in = resource(MODEL)) {
            Files.copy(in, model);
        }
        return OnnxImporter.read(model);
    }

    /** The 62 digits, in file order (read by the toolkit's own libsvm reader). */
    public static List<Digit> digits() {
        return BundledMnist.digits().stream().map(d -> new Digit(d.label(), d.features())).toList();
    }

    /** Index of the largest element; the first on ties. */
    public static int argmax(Tensor t) {
        int best = 0;
        for (int i = 1; i < t.size(); i++) {
            if (t.getDouble(i) > t.getDouble(best)) {
                best = i;
            }
        }
        return best;
    }

    private static InputStream resource(String name) {
        InputStream in = MnistData.class.getClassLoader().getResourceAsStream(DIR + name);
        if (in == null) {
            throw new IllegalStateException(DIR + name + " is missing: the tribuo-onnx tests jar is not on the test classpath");
        }
        return in;
    }
}
