package npukit.arch.config;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import npukit.arch.io.UserException;

/** JSON chip files: a config or a one-line {@link UserException}, nothing else. Seeds: ChipJsonFuzzTestInputs/. */
class ChipJsonFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void jsonChipFiles(byte[] input) {
        try {
            ChipConfigIO.parse(Path.of("fuzz.json"), input);
        } catch (UserException e) {
            assertFalse(e.getMessage().isBlank() || e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
