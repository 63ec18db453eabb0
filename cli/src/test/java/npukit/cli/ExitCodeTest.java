package npukit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes (user errors 2, internal errors 3) and what the commands do with output files. */
class ExitCodeTest {

    @TempDir
    Path dir;

    static final String PROGRAM = """
            LOAD  mem=sp row=0 hbm=0x0 rows=16 bytes=16 stride=16 push-next
            GEMM  a=0 b=0 c=0 m=16 k=16 n=16 preload pop-prev push-next
            STORE mem=acc row=0 hbm=0x1000 rows=16 bytes=64 stride=64 pop-prev
            FINISH
            """;

    @Test
    void anInternalErrorIsExitThreeNamingTheExceptionAndWhere() {
        StringWriter err = new StringWriter();
        int code = Npu.report(new IllegalArgumentException("contract broken\nsecond line"), new PrintWriter(err));
        assertEquals(3, code);
        String text = err.toString();
        assertTrue(text.startsWith("npu: internal error (a bug in npukit, please report it): "
                + "java.lang.IllegalArgumentException: contract broken\n"), text);
        assertTrue(text.contains("    at npukit.cli.ExitCodeTest.anInternalErrorIsExitThreeNamingTheExceptionAndWhere"),
                text);
        assertFalse(text.contains("second line"), text);
        StringWriter oom = new StringWriter();
        assertEquals(3, Npu.report(new OutOfMemoryError("Java heap space"), new PrintWriter(oom)));
        assertTrue(oom.toString().contains("java.lang.OutOfMemoryError: Java heap space"), oom.toString());
    }

    @Test
    void aUserErrorIsOneLineAndExitTwo() {
        NpuCommandTest.Run r = NpuCommandTest.npu("chip", "show", "no-such-chip");
        assertEquals(2, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("npu: error: unknown chip 'no-such-chip'"), r.err());
    }

    @Test
    void aLayerTheChipsHbmCannotHoldIsAUserErrorNamingTheLayerAndTheField() throws IOException {
        String yaml = NpuCommandTest.npu("chip", "show", "edge-cmsis").out()
                .replace("capacity-mib: 256", "capacity-mib: 1").replace("name: edge-cmsis", "name: small-hbm");
        Path chip = Files.writeString(dir.resolve("small-hbm.yaml"), yaml);
        Path topology = Files.writeString(dir.resolve("big.csv"), "Layer name, IFMAP Height, IFMAP Width, "
                + "Filter Height, Filter Width, Channels, Num Filter, Strides,\nBig, 4, 4, 1, 1, 1024, 1024, 1,\n");
        NpuCommandTest.Run r = NpuCommandTest.npu("run", topology.toString(), "--chip", chip.toString());
        assertEquals(2, r.exit(), r.err());
        String line = r.err().lines().filter(l -> l.startsWith("npu: error: ")).findFirst().orElse(r.err());
        assertTrue(line.contains("layer Big (2 column parts) on chip small-hbm"), line);
        assertTrue(line.contains("hbm.capacity-mib = 1"), line);
        assertTrue(line.contains("do not fit the HBM of 1048576 bytes"), line);
    }

    @Test
    void helpListsTheExitCodes() {
        NpuCommandTest.Run r = NpuCommandTest.npu("--help");
        assertTrue(r.out().contains("Exit codes:"), r.out());
        assertTrue(r.out().contains("3   internal error (a bug in npukit)"), r.out());
    }

    @Test
    void asmNeverReplacesADeviceAndRefusesAnExistingFileWithoutForce() throws IOException {
        Path src = Files.writeString(dir.resolve("ok.s"), PROGRAM);
        NpuCommandTest.Run dev = NpuCommandTest.npu("asm", src.toString(), "--chip", "gemmini", "-o", "/dev/null",
                "--force");
        assertEquals(2, dev.exit(), dev.err());
        assertTrue(dev.err().contains("/dev/null: exists and is not a regular file"), dev.err());
        assertFalse(Files.isRegularFile(Path.of("/dev/null")));

        Path out = dir.resolve("ok.npub");
        Files.writeString(out, "the user's own file");
        NpuCommandTest.Run refused = NpuCommandTest.npu("asm", src.toString(), "--chip", "gemmini", "-o", out.toString());
        assertEquals(2, refused.exit());
        assertEquals("npu: error: " + out + ": already exists; give --force to replace it\n",
                refused.err().replace("\r\n", "\n"));
        assertEquals("the user's own file", Files.readString(out));
        assertEquals(0, NpuCommandTest.npu("asm", src.toString(), "--chip", "gemmini", "-o", out.toString(), "--force")
                .exit());
        assertTrue(Files.size(out) > 40);

        NpuCommandTest.Run self = NpuCommandTest.npu("asm", src.toString(), "--chip", "gemmini", "-o", src.toString(),
                "--force");
        assertEquals(2, self.exit());
        assertTrue(self.err().contains("is also an input of this command"), self.err());
        assertEquals(PROGRAM, Files.readString(src));
    }

    @Test
    void outputFilesFollowTheUmaskAndAMissingFolderNamesTheTarget() throws IOException {
        Path src = Files.writeString(dir.resolve("ok.s"), PROGRAM);
        Path plain = Files.createFile(dir.resolve("plain"));
        Path out = dir.resolve("ok.npub");
        assertEquals(0, NpuCommandTest.npu("asm", src.toString(), "--chip", "gemmini", "-o", out.toString()).exit());
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        Path nowhere = dir.resolve("missing/ok.npub");
        NpuCommandTest.Run r = NpuCommandTest.npu("asm", src.toString(), "--chip", "gemmini", "-o", nowhere.toString());
        assertEquals(2, r.exit());
        assertEquals("npu: error: " + nowhere + ": the folder " + dir.resolve("missing") + " does not exist\n",
                r.err().replace("\r\n", "\n"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(3, files.count(), "no temporary file is left");
        }
    }

    @Test
    void inputsThatAreNotFilesAreNamedForWhatTheyAre() throws IOException {
        NpuCommandTest.Run folder = NpuCommandTest.npu("sim", dir.toString(), "--chip", "gemmini");
        assertEquals(2, folder.exit());
        Path bin = dir.resolve("junk.s");
        Files.write(bin, new byte[] {'L', 'O', (byte) 0xC3, (byte) 0x28, '\n'});
        NpuCommandTest.Run binary = NpuCommandTest.npu("sim", bin.toString(), "--chip", "gemmini");
        assertEquals(2, binary.exit());
        assertEquals("npu: error: " + bin + ": line 1: byte 2 (0xc3) is not UTF-8 text; is this a binary file or"
                + " another encoding?\n", binary.err().replace("\r\n", "\n"));
        Path sub = Files.createDirectory(dir.resolve("prog.s"));
        NpuCommandTest.Run isFolder = NpuCommandTest.npu("sim", sub.toString(), "--chip", "gemmini");
        assertEquals("npu: error: " + sub + ": is a folder, not a file\n", isFolder.err().replace("\r\n", "\n"));
    }
}
