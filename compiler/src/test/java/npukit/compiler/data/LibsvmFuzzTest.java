package npukit.compiler.data;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import npukit.arch.io.UserException;

/** libsvm data for a 16-feature, 10-class model: samples or a one-line {@link UserException}. Seeds: LibsvmFuzzTestInputs/. */
class LibsvmFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void libsvmData(byte[] input) throws IOException {
        try {
            Libsvm.read(new ByteArrayInputStream(input), "fuzz.libsvm", 16);
            Libsvm.parse(new String(input, java.nio.charset.StandardCharsets.UTF_8), "fuzz.libsvm", 16, 10);
        } catch (UserException e) {
            assertFalse(e.getMessage().isBlank() || e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
