package npukit.arch.config;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import npukit.arch.io.UserException;

/**
 * YAML chip files: any bytes give a config or a one-line {@link UserException}; any other exception,
 * a hang or running out of memory is a finding. Seeds and reproducers: ChipYamlFuzzTestInputs/.
 */
class ChipYamlFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void yamlChipFiles(byte[] input) {
        try {
            ChipConfigIO.parse(Path.of("fuzz.yaml"), input);
        } catch (UserException e) {
            assertFalse(e.getMessage().isBlank() || e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
