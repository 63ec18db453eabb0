package npukit.compiler.interp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import npukit.compiler.ir.Graph;
import npukit.compiler.onnx.OnnxImporter;

/** The real trained MNIST CNN from Tribuo's test jar and its first 62 test digits, for tests in any package. */
public final class MnistModel {

    private static final String DIR = "org/tribuo/interop/onnx/";

    /** A labelled digit: pixels 0..255 in row-major 28x28 order. */
    public record Digit(int label, float[] pixels) {
    }

    private MnistModel() {
    }

    /** Imports the model after copying it into {@code dir} (the importer reads files). */
    public static Graph graph(Path dir) throws IOException {
        Path model = dir.resolve("cnn_mnist.onnx");
        try (InputStream in = resource("cnn_mnist.onnx")) {
            Files.copy(in, model);
        }
        return OnnxImporter.read(model);
    }

    /** libsvm: {@code label index:value ...} with 1-based pixel indices; absent pixels are 0. */
    public static List<Digit> digits() throws IOException {
        List<Digit> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(resource("mnist_test_head.libsvm"), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+");
                float[] pixels = new float[28 * 28];
                for (int i = 1; i < parts.length; i++) {
                    String[] kv = parts[i].split(":");
                    pixels[Integer.parseInt(kv[0]) - 1] = Float.parseFloat(kv[1]);
                }
                out.add(new Digit(Integer.parseInt(parts[0]), pixels));
            }
        }
        return out;
    }

    private static InputStream resource(String name) {
        InputStream in = MnistModel.class.getClassLoader().getResourceAsStream(DIR + name);
        if (in == null) {
            throw new IllegalStateException(DIR + name + " is missing: the tribuo-onnx tests jar is not on the test classpath");
        }
        return in;
    }
}
