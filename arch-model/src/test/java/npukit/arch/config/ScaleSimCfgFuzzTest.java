package npukit.arch.config;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import npukit.arch.io.UserException;

/** SCALE-Sim .cfg files: an imported chip or a one-line {@link UserException}. Seeds: ScaleSimCfgFuzzTestInputs/. */
class ScaleSimCfgFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void scaleSimConfigs(byte[] input) {
        try {
            ScaleSimConfigImporter.parse(Path.of("fuzz.cfg"), input);
        } catch (UserException e) {
            assertFalse(e.getMessage().isBlank() || e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
