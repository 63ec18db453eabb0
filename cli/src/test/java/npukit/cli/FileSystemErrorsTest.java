package npukit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output on real read-only and full file systems (small tmpfs mounts), not simulated failures: a
 * one-line user error naming the target, exit 2, and nothing left behind. Mounting needs root, which
 * the test command has (it installs Verilator with apt-get); elsewhere the test is skipped, saying so.
 */
class FileSystemErrorsTest {

    @TempDir
    Path dir;

    private final List<Path> mounts = new ArrayList<>();

    @AfterEach
    void unmount() throws Exception {
        for (Path m : mounts) {
            run("umount", m.toString());
        }
    }

    @Test
    void aReadOnlyFileSystemIsOneLineNamingTheTarget() throws Exception {
        Path ro = mount("ro", "size=64k,ro");
        Path src = Files.writeString(dir.resolve("ok.s"), ExitCodeTest.PROGRAM);
        Path out = ro.resolve("ok.npub");
        NpuCommandTest.Run r = NpuCommandTest.npu("asm", src.toString(), "--chip", "gemmini", "-o", out.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertEquals("npu: error: " + out + ": cannot write (Read-only file system)", r.err().strip());
        assertEquals(List.of(), files(ro));
    }

    @Test
    void aFullFileSystemIsOneLineNamingTheTargetAndLeavesNothing() throws Exception {
        Path full = mount("full", "size=64k");
        Path filler = full.resolve("filler");
        try (OutputStream o = Files.newOutputStream(filler)) {
            byte[] block = new byte[1024];
            for (int i = 0; i < 1024; i++) {
                o.write(block);
                o.flush();
            }
        } catch (IOException expected) {
            // the file system is now full, which is the point
        }
        Path src = Files.writeString(dir.resolve("ok.s"), ExitCodeTest.PROGRAM);
        Path out = full.resolve("ok.npub");
        NpuCommandTest.Run r = NpuCommandTest.npu("asm", src.toString(), "--chip", "gemmini", "-o", out.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("npu: error: " + out + ": cannot write ("), r.err());
        assertTrue(r.err().contains("No space left on device"), r.err());
        assertEquals(List.of(filler), files(full));
    }

    private Path mount(String name, String options) throws Exception {
        Path m = Files.createDirectory(dir.resolve(name));
        boolean ok = run("mount", "-t", "tmpfs", "-o", options, "tmpfs", m.toString());
        Assumptions.assumeTrue(ok, "cannot mount a tmpfs here (needs root); real file-system errors not tested");
        mounts.add(m);
        return m;
    }

    private static boolean run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }
}
