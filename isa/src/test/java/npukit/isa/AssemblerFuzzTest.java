package npukit.isa;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import npukit.arch.config.ChipPresets;
import npukit.arch.io.InputFiles;
import npukit.arch.io.UserException;

/**
 * Assembler text for gemmini: instructions the chip can run, or a one-line {@link UserException}
 * naming the line; nothing else. Seeds and reproducers: AssemblerFuzzTestInputs/.
 */
class AssemblerFuzzTest {

    private static final Assembler GEMMINI = new Assembler(Geometry.of(ChipPresets.gemmini()));

    @FuzzTest(maxDuration = "10s")
    void assemblerText(byte[] input) {
        try {
            String text = InputFiles.decode(Path.of("fuzz.s"), input,
                    (f, problem) -> new AssemblyException(f.toString(), problem));
            GEMMINI.assemble(text, "fuzz.s");
        } catch (UserException e) {
            assertFalse(e.getMessage().isBlank() || e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
