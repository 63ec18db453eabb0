package npukit.arch.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real process, interrupted with SIGINT (what Ctrl-C sends) and with SIGTERM while it is half-way
 * through writing an output file, must leave nothing behind: neither the target nor its temporary file.
 */
class InterruptedWriteTest {

    @TempDir
    Path dir;

    @Test
    void ctrlCLeavesNoFile() throws Exception {
        interruptWith("INT");
    }

    @Test
    void sigtermLeavesNoFile() throws Exception {
        interruptWith("TERM");
    }

    private void interruptWith(String signal) throws Exception {
        Path target = dir.resolve("result.csv");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                InterruptedWriter.class.getName(), target.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (files().isEmpty()) {
                assertTrue(child.isAlive(), "the writer ended before it started writing");
                assertTrue(System.nanoTime() < deadline, "the writer never started writing");
                Thread.sleep(20);
            }
            assertTrue(files().get(0).getFileName().toString().endsWith(".part"), "written under a temporary name first");
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the writer did not stop on SIG" + signal);
            assertEquals(List.of(), files());
        } finally {
            child.destroyForcibly();
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
