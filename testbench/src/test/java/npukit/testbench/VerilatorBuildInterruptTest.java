package npukit.testbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Verilator build, in a child JVM, stopped while make and g++ run: Ctrl-C leaves nothing in the
 * cache but finished entries (verilator, make and g++ stopped too, though the signal reached only the
 * JVM), and the scratch folder a SIGKILL leaves is removed by the next build, which completes.
 */
class VerilatorBuildInterruptTest {

    @TempDir
    Path cache;
    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        started.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void ctrlCMidBuildLeavesNoScratchAndNoTool() throws Exception {
        Process child = buildInChild();
        List<ProcessHandle> tools = child.descendants().toList();
        signal("INT", child);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the build did not stop on SIGINT");
        waitUntil(() -> tools.stream().noneMatch(ProcessHandle::isAlive), "verilator, make or g++ outlived the JVM: "
                + tools.stream().filter(ProcessHandle::isAlive).map(h -> h.info().command().orElse("?")).toList());
        assertEquals(List.of(), litter(), "nothing but finished entries in the cache");
    }

    @Test
    void aSigkilledBuildsScratchIsRemovedByTheNextBuild() throws Exception {
        Process child = buildInChild();
        started.addAll(child.descendants().toList());
        signal("KILL", child);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        // Its tools were orphaned: stop them, as they would end by themselves once the folder is gone.
        started.forEach(ProcessHandle::destroyForcibly);
        assertFalse(litter().isEmpty(), "a SIGKILL cleans nothing");
        Path lib = new VerilatorBuild(cache).library(InterruptedBuild.VERILOG, "InterruptProbe");
        assertTrue(Files.isRegularFile(lib));
        assertEquals(List.of(), litter());
        assertTrue(lib.getParent().getFileName().toString().startsWith("InterruptProbe-"), lib.toString());
    }

    /** Starts the build in a child JVM and returns once make or the C++ compiler runs in its scratch folder. */
    private Process buildInChild() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                InterruptedBuild.class.getName(), cache.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(child.toHandle());
        waitUntil(() -> {
            assertTrue(child.isAlive(), "the build ended before it was interrupted");
            return child.descendants().map(h -> h.info().command().orElse("")).anyMatch(c -> c.endsWith("make")
                    || c.contains("cc1plus") || c.endsWith("g++"));
        }, "make or g++ never ran");
        return child;
    }

    /** Everything in the cache folder that is not a finished entry: scratch folders, half builds, temp objects. */
    private List<Path> litter() throws IOException {
        Path root = cache.resolve("verilator");
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).filter(p -> {
                Path top = root.relativize(p).getName(0);
                String name = top.toString();
                if (name.startsWith("runtime-")) {
                    return !(p.equals(root.resolve(top)) || p.getFileName().toString().matches("verilated(_threads)?\\.o"));
                }
                return !(name.matches("InterruptProbe-[0-9a-f]{24}")
                        && (p.equals(root.resolve(top)) || p.getFileName().toString().matches("libmodel\\.so|adaptor\\.cpp")));
            }).toList();
        }
    }

    private static void signal(String signal, Process p) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor());
    }

    private static void waitUntil(BooleanSupplier done, String otherwise) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, otherwise);
            Thread.sleep(20);
        }
    }
}
