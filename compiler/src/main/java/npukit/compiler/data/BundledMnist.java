package npukit.compiler.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import npukit.compiler.ir.Graph;
import npukit.compiler.onnx.OnnxImporter;

/**
 * The real trained MNIST CNN and the first 62 MNIST test digits (pixels 0..255), from the
 * {@code org.tribuo:tribuo-onnx} tests jar on the classpath: the toolkit's embedded default model.
 */
public final class BundledMnist {

    public static final String DIR = "org/tribuo/interop/onnx/";
    public static final String MODEL = DIR + "cnn_mnist.onnx";
    public static final String DIGITS = DIR + "mnist_test_head.libsvm";
    public static final String DESCRIPTION = "MNIST CNN (tribuo-onnx 4.3.2 tests jar: cnn_mnist.onnx, 62 test digits)";

    private BundledMnist() {
    }

    /** The model, imported (it is copied to a temporary file because the importer reads paths). */
    public static Graph model() {
        try (InputStream in = open(MODEL)) {
            Path tmp = Files.createTempFile("cnn_mnist", ".onnx");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                return OnnxImporter.read(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the bundled MNIST model", e);
        }
    }

    /** The 62 digits, 784 features each (row-major 28 x 28 pixels, 0..255). */
    public static List<LabelledSample> digits() {
        try (InputStream in = open(DIGITS)) {
            return Libsvm.read(in, DIGITS, 28 * 28);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the bundled MNIST digits", e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = BundledMnist.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is missing: the org.tribuo:tribuo-onnx tests jar is not on the "
                    + "classpath");
        }
        return in;
    }
}
