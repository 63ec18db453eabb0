package npukit.arch.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scratch folders go on success, on failure, on Ctrl-C and SIGTERM (their tools stopped first), and after
 * a SIGKILL the next run removes them, while folders still in use, here or in another process, stay.
 */
class ScratchFolderTest {

    @TempDir
    Path dir;
    private final List<Process> children = new ArrayList<>();
    private final List<ProcessHandle> tools = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        tools.forEach(ProcessHandle::destroyForcibly);
        children.forEach(Process::destroyForcibly);
    }

    @Test
    void closingStopsTheToolsAndRemovesTheFolder() throws Exception {
        Path made;
        Process tool;
        try (ScratchFolder scratch = ScratchFolder.create(dir, "build")) {
            made = scratch.path();
            assertTrue(made.getFileName().toString().startsWith(ScratchFolder.PREFIX + "build-"), made.toString());
            Files.writeString(made.resolve("a.o"), "x");
            tool = scratch.start(new ProcessBuilder("sh", "-c", "sleep 300 & wait"));
            waitUntil(() -> tool.descendants().findAny().isPresent(), "the shell never started its sleep");
            tools.addAll(tool.descendants().toList());
        }
        assertFalse(Files.exists(made));
        assertFalse(tool.isAlive());
        assertTrue(tools.stream().noneMatch(ProcessHandle::isAlive), "the tool's own child was stopped too");
    }

    @Test
    void aFailedBuildLeavesNothing() throws IOException {
        Path made = null;
        try (ScratchFolder scratch = ScratchFolder.create(dir, "build")) {
            made = scratch.path();
            Files.writeString(made.resolve("a.o"), "x");
            throw new IllegalStateException("the compiler failed");
        } catch (IllegalStateException expected) {
            assertFalse(Files.exists(made));
        }
        assertEquals(List.of(), list(dir));
    }

    @Test
    void aFinishedResultMovesInWholeAndIsNeverReplacedByASecondOne() throws IOException {
        Path done = dir.resolve("model-abc");
        for (int i = 0; i < 2; i++) {
            try (ScratchFolder scratch = ScratchFolder.create(dir, "build")) {
                Path out = Files.createDirectory(scratch.path().resolve("out"));
                Files.writeString(out.resolve("libmodel.so"), "build " + i);
                assertEquals(i == 0, scratch.moveIntoPlace(out, done));
            }
        }
        assertEquals("build 0", Files.readString(done.resolve("libmodel.so")));
        assertEquals(List.of(done), list(dir));
    }

    @Test
    void ctrlCStopsTheToolsAndRemovesTheFolder() throws Exception {
        interruptWith("INT");
    }

    @Test
    void sigtermStopsTheToolsAndRemovesTheFolder() throws Exception {
        interruptWith("TERM");
    }

    private void interruptWith(String signal) throws Exception {
        Process child = builder();
        List<ProcessHandle> itsTools = child.descendants().toList();
        assertTrue(itsTools.size() >= 2, "the shell and its sleep run: " + itsTools);
        tools.addAll(itsTools);
        signal(signal, child);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the builder did not stop on SIG" + signal);
        waitUntil(() -> itsTools.stream().noneMatch(ProcessHandle::isAlive), "a tool outlived the builder");
        assertEquals(List.of(), list(dir));
    }

    @Test
    void aSigkilledBuildIsRemovedByTheNextRunButFoldersInUseStay() throws Exception {
        Process killed = builder();
        tools.addAll(killed.descendants().toList());
        Process alive = builder();
        Path aliveFolder = list(dir).stream().filter(p -> !p.equals(folderOf(killed))).findFirst().orElseThrow();
        try (ScratchFolder ours = ScratchFolder.create(dir, "ours")) {
            Path stale = folderOf(killed);
            signal("KILL", killed);
            assertTrue(killed.waitFor(60, TimeUnit.SECONDS));
            assertTrue(Files.isDirectory(stale), "SIGKILL cleans nothing");
            // Its tools were orphaned and still run; kill them so they do not write into the folder meanwhile.
            tools.forEach(ProcessHandle::destroyForcibly);
            assertEquals(1, ScratchFolder.removeStale(dir));
            assertFalse(Files.exists(stale));
            assertTrue(Files.isDirectory(aliveFolder), "another process's folder in use stays");
            assertTrue(Files.isDirectory(ours.path()), "this process's folder in use stays");
            assertTrue(Files.isRegularFile(aliveFolder.resolve("half.o")));
            assertEquals(0, ScratchFolder.removeStale(dir));
            Files.writeString(ours.path().resolve("still-locked"), "ours still holds its lock");
        }
        signal("TERM", alive);
        assertTrue(alive.waitFor(60, TimeUnit.SECONDS));
        assertEquals(List.of(), list(dir));
    }

    private final java.util.Map<Process, Path> folders = new java.util.HashMap<>();

    private Path folderOf(Process p) {
        return folders.get(p);
    }

    /** Starts a {@link ScratchBuilder} and returns once its tool runs in its folder. */
    private Process builder() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ScratchBuilder.class.getName(), dir.toString()).redirectErrorStream(true).start();
        children.add(child);
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("building in "), "the builder said: " + line);
        folders.put(child, Path.of(line.substring("building in ".length())));
        waitUntil(() -> child.descendants().count() >= 2, "the builder's tool never started its sleep");
        return child;
    }

    private static void signal(String signal, Process p) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor());
    }

    private static void waitUntil(java.util.function.BooleanSupplier done, String otherwise) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, otherwise);
            Thread.sleep(20);
        }
    }

    private static List<Path> list(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }
}
