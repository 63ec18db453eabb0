package npukit.compiler.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import npukit.arch.io.UserException;

/**
 * Serialized TensorProto files as {@code npu run --input} reads them ({@link TensorProtos#read}): a
 * tensor or a one-line {@link UserException}; any other exception, a hang or running out of memory is a
 * finding (a declared dimension of 2^31 must be refused before anything is allocated). Seeds: inputs of
 * ONNX's backend node tests, TensorProtoFuzzTestInputs/.
 */
class TensorProtoFuzzTest {

    private static Path file;

    @FuzzTest(maxDuration = "10s")
    void tensorProtos(byte[] input) throws IOException {
        if (file == null) {
            file = Files.createTempFile("fuzz", ".pb");
            file.toFile().deleteOnExit();
        }
        Files.write(file, input);
        try {
            TensorProtos.read(file);
        } catch (UserException e) {
            assertFalse(e.getMessage().isBlank() || e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
