package npukit.compiler.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import npukit.arch.io.UserException;

/**
 * ONNX model files as {@code npu run/compile/eval} read them ({@link OnnxImporter#read}): any bytes give
 * a graph or a one-line {@link UserException}; any other exception, a hang or running out of memory is
 * a finding. The bytes go through a file so the importer's own reading is fuzzed too. Seeds: ONNX's
 * backend node tests, OnnxModelFuzzTestInputs/.
 */
class OnnxModelFuzzTest {

    private static Path file;

    @FuzzTest(maxDuration = "10s")
    void onnxModels(byte[] input) throws IOException {
        if (file == null) {
            file = Files.createTempFile("fuzz", ".onnx");
            file.toFile().deleteOnExit();
        }
        Files.write(file, input);
        try {
            OnnxImporter.read(file);
        } catch (UserException e) {
            assertFalse(e.getMessage().isBlank() || e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
