package npukit.compiler.scalesim;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import npukit.arch.io.UserException;

/** SCALE-Sim topology CSVs: a graph or a one-line {@link UserException}. Seeds: TopologyFuzzTestInputs/. */
class TopologyFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void topologies(byte[] input) {
        try {
            ScaleSimTopology.parse(Path.of("fuzz.csv"), input, 1);
        } catch (UserException e) {
            assertFalse(e.getMessage().isBlank() || e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
