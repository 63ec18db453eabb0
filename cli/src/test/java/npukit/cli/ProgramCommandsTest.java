package npukit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** npu asm and npu disasm: text to binary and back, and their errors. */
class ProgramCommandsTest {

    private static final String TILE = """
            # one 16x16 tile on a WS chip
            LOAD  mem=sp row=0 hbm=0x0 rows=16 bytes=16 stride=16
            LOAD  mem=sp row=16 hbm=0x100 rows=16 bytes=16 stride=16 push-next
            GEMM  a=0 b=16 c=0 m=16 k=16 n=16 preload pop-prev push-next
            STORE mem=acc row=0 hbm=0x1000 rows=16 bytes=64 stride=64 pop-prev
            FINISH
            """;

    @Test
    void asmThenDisasmGivesTheCanonicalText(@TempDir Path dir) throws IOException {
        Path src = Files.writeString(dir.resolve("tile.s"), TILE);
        Path data = Files.write(dir.resolve("in.bin"), new byte[512]);
        Path bin = dir.resolve("tile.npub");
        NpuCommandTest.Run asm = NpuCommandTest.npu("asm", src.toString(), "--chip", "gemmini",
                "--hbm", "0x0=" + data, "-o", bin.toString());
        assertEquals(0, asm.exit(), asm.err());
        NpuCommandTest.Run dis = NpuCommandTest.npu("disasm", bin.toString());
        assertEquals(0, dis.exit(), dis.err());
        String expectedBody = TILE.lines().filter(l -> !l.startsWith("#")).map(String::strip)
                .reduce("", (a, b) -> a + b + "\n");
        String body = dis.out().lines().filter(l -> !l.startsWith("#")).map(String::strip)
                .reduce("", (a, b) -> a + b + "\n");
        assertEquals(expectedBody, body);
        assertTrue(dis.out().contains("# hbm segment 0x0..0x1ff (512 bytes)"), dis.out());
        // The disassembly assembles back to the same binary.
        Path again = Files.writeString(dir.resolve("again.s"), dis.out());
        Path bin2 = dir.resolve("again.npub");
        assertEquals(0, NpuCommandTest.npu("asm", again.toString(), "--chip", "gemmini",
                "--hbm", "0x0=" + data, "-o", bin2.toString()).exit());
        assertEquals(-1, Files.mismatch(bin, bin2));
    }

    @Test
    void simPrintsCountersAndWritesCsv(@TempDir Path dir) throws IOException {
        Path src = Files.writeString(dir.resolve("tile.s"), TILE);
        Path csv = dir.resolve("counters.csv");
        NpuCommandTest.Run r = NpuCommandTest.npu("sim", src.toString(), "--chip", "gemmini", "--csv", csv.toString(),
                "--per-instruction");
        assertEquals(0, r.exit(), r.err());
        // GEMM on 16x16 WS with preload: k + m + R + C - 1 = 16 + 16 + 16 + 16 - 1 cycles (microarchitecture.md).
        assertTrue(r.out().lines().anyMatch(l -> l.matches("array_busy\\s+63")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("macs\\s+4096")), r.out());
        java.util.List<String> lines = Files.readAllLines(csv);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("program,chip,config_hash,mode,cycles,macs,array_busy"), lines.get(0));
        assertTrue(lines.get(1).contains(",gemmini,"), lines.get(1));
        NpuCommandTest.Run timing = NpuCommandTest.npu("sim", src.toString(), "--chip", "gemmini", "--timing-only");
        assertEquals(r.out().lines().filter(l -> l.startsWith("cycles")).findFirst(),
                timing.out().lines().filter(l -> l.startsWith("cycles")).findFirst());
    }

    @Test
    void asmRejectsAnInstructionTheChipCannotRun(@TempDir Path dir) throws IOException {
        Path src = Files.writeString(dir.resolve("bad.s"), TILE.replace("k=16", "k=17"));
        Path bin = dir.resolve("bad.npub");
        NpuCommandTest.Run r = NpuCommandTest.npu("asm", src.toString(), "--chip", "gemmini", "-o", bin.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("bad.s:4:") && r.err().contains("k = 17"), r.err());
        assertFalse(Files.exists(bin), "nothing written");
    }

    @Test
    void disasmRefusesAProgramForAnotherChip(@TempDir Path dir) throws IOException {
        Path src = Files.writeString(dir.resolve("tile.s"), TILE);
        Path bin = dir.resolve("tile.npub");
        assertEquals(0, NpuCommandTest.npu("asm", src.toString(), "--chip", "gemmini", "-o", bin.toString()).exit());
        NpuCommandTest.Run r = NpuCommandTest.npu("disasm", bin.toString(), "--chip", "vta");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("not for chip 'vta'"), r.err());
    }

    @Test
    void disasmOfAFileThatIsNotAProgram(@TempDir Path dir) throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.npub"), "hello");
        NpuCommandTest.Run r = NpuCommandTest.npu("disasm", junk.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("junk.npub"), r.err());
    }
}
