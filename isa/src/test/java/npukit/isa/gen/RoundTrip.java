package npukit.isa.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import npukit.arch.config.ChipConfig;
import npukit.isa.Assembler;
import npukit.isa.Disassembler;
import npukit.isa.Geometry;
import npukit.isa.Program;
import npukit.isa.ProgramFile;

/** A program survives the assembler text and the .npub container unchanged. */
final class RoundTrip {

    private RoundTrip() {
    }

    static void check(Program p, ChipConfig chip, Path dir, String what) {
        String text = Disassembler.disassemble(p.instructions());
        assertEquals(p.instructions(), new Assembler(Geometry.of(chip)).assemble(text, what + ".s"), what);
        try {
            Path file = Files.createTempFile(dir, "prog", ".npub");
            ProgramFile.write(p, chip, file);
            assertEquals(p, ProgramFile.read(file, chip), what);
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
