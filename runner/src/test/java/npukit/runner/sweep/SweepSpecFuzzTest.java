package npukit.runner.sweep;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import npukit.arch.io.UserException;

/**
 * Sweep specs as {@code npu sweep} reads them ({@link SweepSpecReader#read(Path)}): a spec, with its
 * points and workloads resolved, or a one-line {@link UserException}; any other exception, a hang or
 * running out of memory is a finding. The spec sits beside a two-layer topology, tiny.csv, so that the
 * seeds' topology workloads resolve. Seeds: SweepSpecFuzzTestInputs/.
 */
class SweepSpecFuzzTest {

    private static Path spec;

    @FuzzTest(maxDuration = "10s")
    void sweepSpecs(byte[] input) throws IOException {
        if (spec == null) {
            Path dir = Files.createTempDirectory("sweep-fuzz");
            Files.writeString(dir.resolve("tiny.csv"), "Layer name, IFMAP Height, IFMAP Width, Filter Height,"
                    + " Filter Width, Channels, Num Filter, Strides,\nconv1, 16, 16, 3, 3, 4, 8, 1,\n"
                    + "conv2, 14, 14, 3, 3, 8, 8, 1,\n");
            spec = dir.resolve("spec.yaml");
        }
        Files.write(spec, input);
        try {
            SweepSpecReader.read(spec);
        } catch (UserException e) {
            assertFalse(e.getMessage().isBlank() || e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
