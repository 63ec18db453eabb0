package npukit.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Dataflow;
import npukit.arch.io.UserException;
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
                new HbmSegment(0xFFF00, new byte[] {-1})));
    }

    @Test
    void writeReadRoundTrip() throws IOException {
        Path f = dir.resolve("p.npub");
        ProgramFile.write(program(), chip, f);
        assertEquals(program(), ProgramFile.read(f, chip));
        assertEquals(new ProgramFile.Header(2, chip.name(), chip.hash()), ProgramFile.readHeader(f));
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

    /**
     * A valid chip whose memories are too large to address in a 128-bit instruction (1 GiB of scratchpad
     * and accumulator) stopped {@code npu asm} with an internal error (exit 3): it is the user's chip, so
     * it is a user error naming the chip, and nothing is written.
     */
    @Test
    void aChipWhoseInstructionsCannotBeEncodedIsAUserErrorNamingIt(@TempDir Path dir) {
        ChipConfig huge = TestChips.huge();
        Program p = new Program(huge.name(), huge.hash(), List.of(new Instruction.Finish()), List.of());
        Path f = dir.resolve("p.npub");
        UserException e = assertThrows(UserException.class, () -> ProgramFile.write(p, huge, f));
        assertTrue(e.getMessage().startsWith("chip huge: LOAD needs 153 bits"), e.getMessage());
        assertFalse(Files.exists(f));
    }

    /** The file's bytes with the trailing CRC-32C recomputed, as a writer would have sealed them. */
    private static byte[] sealed(byte[] withoutChecksum) {
        CRC32C crc = new CRC32C();
        crc.update(withoutChecksum);
        return ByteBuffer.allocate(withoutChecksum.length + 4).order(ByteOrder.LITTLE_ENDIAN).put(withoutChecksum)
                .putInt((int) crc.getValue()).array();
    }

    private static byte[] body(byte[] file) {
        return Arrays.copyOf(file, file.length - 4);
    }

    @Test
    void truncatedFileNamesWhatIsMissing() throws IOException {
        Path f = dir.resolve("p.npub");
        ProgramFile.write(program(), chip, f);
        byte[] body = body(Files.readAllBytes(f));
        Path cut = dir.resolve("cut.npub");
        Files.write(cut, sealed(Arrays.copyOf(body, body.length - 1)));
        ProgramFileException e = assertThrows(ProgramFileException.class, () -> ProgramFile.read(cut, chip));
        assertEquals(cut + ": segment 1 length = 1 at byte " + (body.length - 5)
                + ": truncated: the file has only 0 bytes left", e.getMessage());
        Files.write(cut, sealed(Arrays.copyOf(body, 50)));
        ProgramFileException c = assertThrows(ProgramFileException.class, () -> ProgramFile.read(cut, chip));
        assertTrue(c.getMessage().startsWith(cut + ": instruction count = 5 at byte "), c.getMessage());
        Files.write(cut, Arrays.copyOf(body, 2));
        assertEquals(cut + ": truncated: magic needs 4 bytes at byte 0, but the file has 2 left",
                assertThrows(ProgramFileException.class, () -> ProgramFile.readHeader(cut)).getMessage());
        Files.write(cut, Arrays.copyOf(body, body.length - 1));
        assertTrue(assertThrows(ProgramFileException.class, () -> ProgramFile.read(cut, chip)).getMessage()
                .startsWith(cut + ": checksum mismatch"));
    }

    @Test
    void everyFlippedBitIsRefusedByTheChecksum() throws IOException {
        Path f = dir.resolve("p.npub");
        ProgramFile.write(program(), chip, f);
        byte[] bytes = Files.readAllBytes(f);
        int headerEnd = 4 + 4 + 4 + chip.name().length() + 4 + chip.hash().length();
        Path flipped = dir.resolve("flipped.npub");
        for (int i = headerEnd; i < bytes.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] b = bytes.clone();
                b[i] ^= (byte) (1 << bit);
                Files.write(flipped, b);
                String message = assertThrows(ProgramFileException.class, () -> ProgramFile.read(flipped, chip),
                        "byte " + i + " bit " + bit).getMessage();
                assertTrue(message.startsWith(flipped + ": checksum mismatch: the file says 0x"), message);
            }
        }
    }

    @Test
    void versionOneFilesAreRefusedWithAReason() throws IOException {
        Path f = dir.resolve("p.npub");
        ProgramFile.write(program(), chip, f);
        byte[] bytes = Files.readAllBytes(f);
        bytes[4] = 1;
        Files.write(f, bytes);
        assertEquals(f + ": version = 1: this reader knows version 2 (version 1 had no checksum; assemble or compile"
                + " the program again)", assertThrows(ProgramFileException.class, () -> ProgramFile.read(f, chip))
                .getMessage());
    }

    @Test
    void declaredSizesAreCheckedBeforeAnythingIsAllocated() throws IOException {
        Path f = dir.resolve("p.npub");
        ProgramFile.write(program(), chip, f);
        byte[] body = body(Files.readAllBytes(f));
        int count = 4 + 4 + 4 + chip.name().length() + 4 + chip.hash().length();
        ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).putInt(count, Integer.MAX_VALUE);
        Files.write(f, sealed(body));
        assertTrue(assertThrows(ProgramFileException.class, () -> ProgramFile.read(f, chip)).getMessage()
                .startsWith(f + ": instruction count = 2147483647 at byte " + count + ": truncated"));
        // A segment whose address and length would wrap around past the end of the HBM.
        ProgramFile.write(program(), chip, f);
        byte[] wrap = body(Files.readAllBytes(f));
        int segment = wrap.length - (8 + 4 + 1);
        ByteBuffer.wrap(wrap).order(ByteOrder.LITTLE_ENDIAN).putLong(segment, Long.MAX_VALUE);
        Files.write(f, sealed(wrap));
        assertTrue(assertThrows(ProgramFileException.class, () -> ProgramFile.read(f, chip)).getMessage()
                .contains("segment 1: address = 0x7fffffffffffffff, length 1: must lie inside the HBM"));
    }

    @Test
    void notAFileIsNamedForWhatItIs() {
        assertEquals(dir + ": is a folder, not a file",
                assertThrows(ProgramFileException.class, () -> ProgramFile.read(dir, chip)).getMessage());
        assertEquals(dir.resolve("absent.npub") + ": no such file", assertThrows(ProgramFileException.class,
                () -> ProgramFile.read(dir.resolve("absent.npub"), chip)).getMessage());
    }

    @Test
    void corruptContentsRefused() throws IOException {
        Path f = dir.resolve("p.npub");
        ProgramFile.write(program(), chip, f);
        byte[] bytes = body(Files.readAllBytes(f));
        byte[] magic = bytes.clone();
        magic[0] = 'X';
        Files.write(f, sealed(magic));
        assertTrue(assertThrows(ProgramFileException.class, () -> ProgramFile.read(f, chip)).getMessage()
                .endsWith("not a .npub program (must start with 'NPUB')"));
        // First instruction starts after magic, version, two strings and the count.
        int first = 4 + 4 + 4 + chip.name().length() + 4 + chip.hash().length() + 4;
        byte[] op = bytes.clone();
        op[first] = 7;
        Files.write(f, sealed(op));
        assertEquals(f + ": instruction 0 at byte " + first + ": opcode = 7 (bits 3..0): not an opcode; valid: LOAD 1,"
                + " STORE 2, GEMM 3, QUANT 4, VALU 5, FINISH 15",
                assertThrows(ProgramFileException.class, () -> ProgramFile.read(f, chip)).getMessage());
        byte[] extra = Arrays.copyOf(bytes, bytes.length + 3);
        Files.write(f, sealed(extra));
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
        Program noRoomForCode = Program.of(chip, program().instructions(), List.of(new HbmSegment(0xFFFC0, new byte[8])));
        assertEquals(dir.resolve("y.npub") + ": program: its 5 instructions need 80 bytes of HBM at 0xfffd0, above"
                        + " everything the program's image and transfers touch, and would end at 0x100020, past the HBM"
                        + " size 0x100000",
                assertThrows(ProgramFileException.class,
                        () -> ProgramFile.write(noRoomForCode, chip, dir.resolve("y.npub"))).getMessage());
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
