package npukit.cli;

import static npukit.cli.NpuCommandTest.npu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** npu sweep and npu report on a small space, and what they say about bad input. */
class SweepCommandTest {

    @TempDir
    Path tmp;

    static final String SPEC = "base: gemmini\nfields:\n  array.rows: [8, 16]\n  array.cols: [8, 16]\n"
            + "  array.dataflow: [ws, os]\nconstraints:\n  - rows == cols\nworkloads:\n  - model: mnist\n    samples: 2\n"
            + "  - programs: random\n    count: 2\n    size: 30\n";

    @Test
    void sweepThenReportLookedAtInABrowser() throws Exception {
        Path spec = tmp.resolve("small.yaml");
        Files.writeString(spec, SPEC);
        Path csv = tmp.resolve("small.csv");
        NpuCommandTest.Run r = npu("sweep", spec.toString(), "-o", csv.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("4 points x 2 workloads = 8 jobs"), r.out());
        assertEquals(9, Files.readAllLines(csv).size());
        NpuCommandTest.Run again = npu("sweep", spec.toString(), "-o", csv.toString());
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("small.csv: already exists; give --resume"), again.err());
        NpuCommandTest.Run done = npu("sweep", spec.toString(), "-o", csv.toString(), "--resume");
        assertEquals(0, done.exit(), done.err());
        assertTrue(done.out().contains("resuming: 8 of 8 jobs"), done.out());

        Path dir = tmp.resolve("report");
        NpuCommandTest.Run rep = npu("report", csv.toString(), "-o", dir.toString());
        assertEquals(0, rep.exit(), rep.err());
        assertTrue(rep.out().contains("10 plots"), rep.out());
        String html = Files.readString(dir.resolve("report.html"));
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script"),
                "self-contained: no links out, no scripts");
        assertTrue(html.contains(": latency, energy and area\""), "the latency-energy-area Pareto plot");
        assertFalse(html.contains("no area column"), "rows carry the model's area");
        assertEquals(10, ReportScreenshot.check(dir.resolve("report.html"), dir.resolve("report.png")));

        Path same = tmp.resolve("same.csv");
        Files.copy(csv, same);
        NpuCommandTest.Run unchanged = npu("diff", csv.toString(), same.toString(), "--check", "cycles");
        assertEquals(0, unchanged.exit(), unchanged.err());
        assertTrue(unchanged.out().contains("no cell changed"), unchanged.out());
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        String[] cells = lines.get(1).split(",", -1);
        int cyclesAt = List.of(lines.get(0).split(",")).indexOf("cycles");
        cells[cyclesAt] = Long.toString(Math.round(Long.parseLong(cells[cyclesAt]) * 1.05));
        lines.set(1, String.join(",", cells));
        Path slower = tmp.resolve("slower.csv");
        Files.write(slower, lines);
        NpuCommandTest.Run moved = npu("diff", csv.toString(), slower.toString(), "--check", "cycles", "--threshold", "0.01");
        assertEquals(1, moved.exit(), moved.out());
        assertTrue(moved.out().matches("(?s).*cycles: largest change (4\\.9|5\\.0)[0-9]*%, threshold 0.01: FAILED.*"), moved.out());
        assertEquals(0, npu("diff", csv.toString(), slower.toString(), "--check", "cycles", "--threshold", "0.1").exit());
        NpuCommandTest.Run noColumn = npu("diff", csv.toString(), slower.toString(), "--check", "speed");
        assertEquals(2, noColumn.exit());
    }

    @Test
    void badSpecsAndResultsAreOneLineWithExitTwo() throws Exception {
        Path spec = tmp.resolve("bad.yaml");
        Files.writeString(spec, SPEC.replace("array.rows: [8, 16]", "array.rows: []"));
        NpuCommandTest.Run r = npu("sweep", spec.toString(), "-o", tmp.resolve("x.csv").toString());
        assertEquals(2, r.exit());
        assertEquals("npu: error: " + spec + ": fields: array.rows: the list is empty", r.err().strip());
        assertFalse(Files.exists(tmp.resolve("x.csv")), "nothing runs, nothing is written");
        Path notResults = tmp.resolve("plain.csv");
        Files.writeString(notResults, "a,b\n1,2\n");
        NpuCommandTest.Run rep = npu("report", notResults.toString(), "-o", tmp.resolve("r").toString());
        assertEquals(2, rep.exit());
        assertTrue(rep.err().contains("plain.csv: not a sweep results file"), rep.err());
    }

    @Test
    void badEngineOptionsAreOneLineWithExitTwo() throws Exception {
        Path spec = tmp.resolve("small.yaml");
        Files.writeString(spec, SPEC);
        String out = tmp.resolve("x.csv").toString();
        NpuCommandTest.Run bad = npu("sweep", spec.toString(), "-o", out, "--engine", "hadoop");
        assertEquals(2, bad.exit());
        assertEquals("npu: error: --engine hadoop: not an engine; give local or spark", bad.err().strip());
        NpuCommandTest.Run master = npu("sweep", spec.toString(), "-o", out, "--master", "local[2]");
        assertEquals(2, master.exit());
        assertEquals("npu: error: --master local[2]: only with --engine spark", master.err().strip());
        NpuCommandTest.Run threads = npu("sweep", spec.toString(), "-o", out, "--engine", "spark", "--threads", "3");
        assertEquals(2, threads.exit());
        assertEquals("npu: error: --threads: not with --engine spark, where the master sets how many jobs run at once"
                + " (e.g. --master local[3])", threads.err().strip());
        assertFalse(Files.exists(tmp.resolve("x.csv")), "nothing runs, nothing is written");
    }
}
