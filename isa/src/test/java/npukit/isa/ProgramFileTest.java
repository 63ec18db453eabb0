package npukit.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Dataflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramFileTest {

    @TempDir
    Path dir;

    private final ChipConfig chip = TestChips.tiny(Dataflow.WS);

    private Program program() {
        List<Instruction> ins = new Assembler(Geometry.of(chip)).assemble("""
                LOAD  mem=sp row=0 hbm=0x100 rows=4 bytes=4 stride=4 push-next
                GEMM  a=0 b=0 c=0 m=4 k=4 n=4 preload pop-prev push-next
                QUANT src=0 dst=8 rows=4 params=4 relu pop-next push-next
                STORE mem=sp row=8 hbm=0x200 rows=4 bytes=4 stride=4 pop-prev
                FINISH
                """, "p.s");
        return Program.of(chip, ins, List.of(new HbmSegment(0x100, new byte[] {1, 2, 3, 4}),
                new HbmSegment(0xFFFFF, new byte[] {-1})));
    }

    @Test
    void writeReadRoundTrip() throws IOException {
        Path f = dir.resolve("p.npub");
        ProgramFile.write(program(), chip, f);
        assertEquals(program(), ProgramFile.read(f, chip));
        assertEquals(new ProgramFile.Header(1, chip.name(), chip.hash()), ProgramFile.readHeader(f));
        byte[] bytes = Files.readAllBytes(f);
        assertEquals("NPUB", new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void hashMismatchRefusedNamingBothChips() throws IOException {
        Path f = dir.resolve("p.npub");
        ProgramFile.write(program(), chip, f);
        ChipConfig other = TestChips.tiny(Dataflow.OS);
        ProgramFileException e = assertThrows(ProgramFileException.class, () -> ProgramFile.read(f, other));
        assertEquals(f + ": built for chip 'tiny-ws' (config hash " + chip.hash() + "), not for chip 'tiny-os'"
                + " (config hash " + other.hash() + ")", e.getMessage());
        assertThrows(ProgramFileException.class, () -> ProgramFile.write(program(), other, dir.resolve("q.npub")));
        assertFalse(Files.exists(dir.resolve("q.npub")));
    }

    @Test
    void truncatedFileNamesWhatIsMissing() throws IOException {
        Path f = dir.resolve("p.npub");
        ProgramFile.write(program(), chip, f);
        byte[] bytes = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.npub");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 1));
        ProgramFileException e = assertThrows(ProgramFileException.class, () -> ProgramFile.read(cut, chip));
        assertEquals(cut + ": segment 1 length = 1 at byte " + (bytes.length - 5)
                + ": truncated: the file has only 0 bytes left", e.getMessage());
        Files.write(cut, Arrays.copyOf(bytes, 50));
        ProgramFileException c = assertThrows(ProgramFileException.class, () -> ProgramFile.read(cut, chip));
        assertTrue(c.getMessage().startsWith(cut + ": instruction count = 5 at byte "), c.getMessage());
        Files.write(cut, Arrays.copyOf(bytes, 2));
        assertEquals(cut + ": truncated: magic needs 4 bytes at byte 0, but the file has 2 left",
                assertThrows(ProgramFileException.class, () -> ProgramFile.readHeader(cut)).getMessage());
    }

    @Test
    void corruptContentsRefused() throws IOException {
        Path f = dir.resolve("p.npub");
        ProgramFile.write(program(), chip, f);
        byte[] bytes = Files.readAllBytes(f);
        byte[] magic = bytes.clone();
        magic[0] = 'X';
        Files.write(f, magic);
        assertTrue(assertThrows(ProgramFileException.class, () -> ProgramFile.read(f, chip)).getMessage()
                .endsWith("not a .npub program (must start with 'NPUB')"));
        // First instruction starts after magic, version, two strings and the count.
        int first = 4 + 4 + 4 + chip.name().length() + 4 + chip.hash().length() + 4;
        byte[] op = bytes.clone();
        op[first] = 7;
        Files.write(f, op);
        assertEquals(f + ": instruction 0 at byte " + first + ": opcode = 7 (bits 3..0): not an opcode; valid: LOAD 1,"
                + " STORE 2, GEMM 3, QUANT 4, VALU 5, FINISH 15",
                assertThrows(ProgramFileException.class, () -> ProgramFile.read(f, chip)).getMessage());
        byte[] extra = Arrays.copyOf(bytes, bytes.length + 3);
        Files.write(f, extra);
        assertEquals(f + ": 3 bytes after the last segment at byte " + bytes.length + ": the file must end there",
                assertThrows(ProgramFileException.class, () -> ProgramFile.read(f, chip)).getMessage());
    }

    @Test
    void invalidProgramsAndSegmentsAreNotWritten() {
        Program outside = Program.of(chip, program().instructions(), List.of(new HbmSegment(0xFFFFF, new byte[2])));
        ProgramFileException e = assertThrows(ProgramFileException.class,
                () -> ProgramFile.write(outside, chip, dir.resolve("x.npub")));
        assertTrue(e.getMessage().endsWith("segment 0: address = 0xfffff, length 2: must end inside the HBM, at most"
                + " 0x100000"), e.getMessage());
        IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class, () -> Program.of(chip,
                List.of(), List.of(new HbmSegment(0, new byte[4]), new HbmSegment(3, new byte[1]))));
        assertTrue(overlap.getMessage().startsWith("program hbmImage: segment at 0x3 overlaps the segment at 0x0"));
    }

    @Test
    void segmentsCompareByContent() {
        byte[] b = {1, 2};
        HbmSegment s = new HbmSegment(8, b);
        b[0] = 9;
        assertEquals(new HbmSegment(8, new byte[] {1, 2}), s);
        assertEquals(new HbmSegment(8, new byte[] {1, 2}).hashCode(), s.hashCode());
        assertNotEquals(new HbmSegment(8, new byte[] {1, 3}), s);
        assertEquals(ChipPresets.gemmini().name(), Program.of(ChipPresets.gemmini(), List.of(), List.of()).chipName());
    }
}
