package npukit.cli;

import static npukit.cli.NpuCommandTest.npu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import npukit.results.SweepCsv;
import npukit.results.SweepRow;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The shipped example sweep (examples/sweeps/array-sizes.yaml: 4 array sizes x 2 dataflows x ResNet-18,
 * the MNIST CNN and random programs, 24 rows) on 2 threads, as a user would run it: started in its own
 * process and killed with SIGKILL once half its rows are written, then resumed to the end. No row is lost
 * or written twice, and the rows written before the kill are in the final file as they were.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExampleSweepTest {

    static final Path SPEC = Path.of("..", "examples", "sweeps", "array-sizes.yaml");
    static final Path RESULTS = Path.of("target", "example-sweep", "array-sizes.csv");
    static List<String> beforeKill = new ArrayList<>();

    @Test
    @Order(1)
    void killedHalfway() throws Exception {
        Files.createDirectories(RESULTS.getParent());
        // A previous build's results would be counted as rows of this run before the sweep replaces them.
        try (var old = Files.list(RESULTS.getParent())) {
            for (Path f : old.toList()) {
                Files.delete(f);
            }
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Npu.class.getName(), "sweep",
                SPEC.toString(), "-o", RESULTS.toString(), "--threads", "2", "--force")
                .redirectErrorStream(true).redirectOutput(Path.of("target", "example-sweep", "killed-run.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(40);
        try {
            while (dataRows().size() < 12) {
                assertTrue(p.isAlive(), "the sweep ended before half its rows were written: see killed-run.log");
                assertTrue(System.nanoTime() < deadline, "no 12 rows after 40 minutes");
                Thread.sleep(200);
            }
        } finally {
            p.destroyForcibly().waitFor();
        }
        beforeKill = dataRows();
        assertTrue(beforeKill.size() >= 12 && beforeKill.size() < 24, beforeKill.size() + " rows at the kill");
    }

    @Test
    @Order(2)
    void resumedToTheEndWithEveryRowOnce() throws IOException {
        assertTrue(beforeKill.size() >= 12, "runs after killedHalfway");
        NpuCommandTest.Run r = npu("sweep", SPEC.toString(), "-o", RESULTS.toString(), "--threads", "2", "--resume");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("resuming: " + beforeKill.size() + " of 24 jobs"), r.out());
        List<SweepRow> rows = SweepCsv.read(Files.readString(RESULTS), RESULTS.toString()).rows();
        assertEquals(24, rows.size());
        Set<String> keys = new HashSet<>();
        for (SweepRow row : rows) {
            assertTrue(keys.add(row.point() + " " + row.workload()), "twice: " + row.point() + " " + row.workload());
        }
        for (int point = 0; point < 8; point++) {
            for (String w : List.of("resnet18", "mnist-cnn", "random-programs")) {
                assertTrue(keys.contains(point + " " + w), "missing: " + point + " " + w);
            }
        }
        List<String> after = dataRows();
        for (String line : beforeKill) {
            assertTrue(after.contains(line), "changed or lost by the resume: " + line);
        }
        System.out.println("[example sweep] " + rows.stream().filter(SweepRow::ok).count() + " of 24 rows ok");
    }

    static List<String> dataRows() throws IOException {
        if (!Files.exists(RESULTS)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(List.of(Files.readString(RESULTS).split("\n", -1)));
        lines.remove(lines.size() - 1); // after the last newline: empty, or a row still being written
        return lines.isEmpty() ? lines : new ArrayList<>(lines.subList(1, lines.size()));
    }
}
