package npukit.cli;

import static npukit.cli.NpuCommandTest.npu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.ChipVariants;
import npukit.arch.numerics.RoundingMode;
import npukit.compiler.codegen.PlanCache;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.scalesim.ScaleSimTopology;
import npukit.results.EvaluationRecord;
import npukit.runner.CompileSettings;
import npukit.runner.ModelRuns;
import npukit.runner.ModelSource;
import npukit.runner.TimingRuns;
import org.junit.jupiter.api.Test;

/**
 * The shipped scripts (examples/scripts/) run as a user runs them, small enough for the suite, and
 * their tables checked: the numbers parsed, their relations tested, and one point of each recomputed
 * here through the runner directly.
 */
class ExampleScriptsTest {

    static final Path SCRIPTS = Path.of("..", "examples", "scripts");
    static final Path RESNET = Path.of("..", "workloads", "scalesim", "conv_nets", "Resnet18.csv");

    /** The cells of the first table in {@code out}: the rows after its line of dashes, to the first blank or text line. */
    static List<String[]> table(String out, int columns) {
        List<String[]> rows = new ArrayList<>();
        boolean in = false;
        for (String line : out.lines().toList()) {
            if (line.startsWith("---")) {
                in = true;
            } else if (in) {
                String[] cells = line.trim().split("\\s+");
                if (cells.length != columns) {
                    break;
                }
                rows.add(cells);
            }
        }
        return rows;
    }

    @Test
    void arraySizes() throws Exception {
        NpuCommandTest.Run r = npu("script", SCRIPTS.resolve("array-sizes.py").toString(), "32,64", "2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Resnet18[2 layers] on gemmini with the array sizes [32, 64]"), r.out());
        List<String[]> rows = table(r.out(), 6);
        assertEquals(List.of("ws 32x32", "ws 64x64", "os 32x32", "os 64x64"),
                rows.stream().map(c -> c[0] + " " + c[1]).toList(), r.out());
        double clock = ChipPresets.get("gemmini").clock().frequencyMhz();
        for (String[] c : rows) {
            long cycles = Long.parseLong(c[2]);
            assertEquals(cycles / clock, Double.parseDouble(c[3]), 0.051, "latency of " + c[0] + " " + c[1]);
            double utilisation = Double.parseDouble(c[4]);
            assertTrue(utilisation > 0 && utilisation <= 1, "utilisation " + utilisation);
            assertTrue(Double.parseDouble(c[5]) > 0, "energy " + c[5]);
        }
        // Four times the PEs: fewer cycles, on either dataflow.
        assertTrue(Long.parseLong(rows.get(1)[2]) < Long.parseLong(rows.get(0)[2]), r.out());
        assertTrue(Long.parseLong(rows.get(3)[2]) < Long.parseLong(rows.get(2)[2]), r.out());
        // The 64x64 WS point, timed here without the script: the same cycles.
        List<String> lines = Files.readAllLines(RESNET);
        ChipConfig ws64 = ChipVariants.with(ChipPresets.get("gemmini"),
                Map.of("array.rows", 64, "array.cols", 64, "array.dataflow", "ws"), RESNET);
        long cycles = TimingRuns.run(ScaleSimTopology.parse(RESNET, String.join("\n", lines.subList(0, 3))
                .getBytes(StandardCharsets.UTF_8), ScaleSimTopology.DEFAULT_SEED), ws64, new PlanCache()).metrics().cycles();
        assertEquals(cycles, Long.parseLong(rows.get(1)[2]), r.out());
    }

    @Test
    void roundingModes() {
        NpuCommandTest.Run r = npu("script", SCRIPTS.resolve("rounding-modes.py").toString(), "gemmini", "8");
        assertEquals(0, r.exit(), r.err());
        List<String[]> rows = table(r.out(), 5);
        assertEquals(Arrays.stream(RoundingMode.values()).map(RoundingMode::cliName).toList(),
                rows.stream().map(c -> c[0]).toList(), r.out());
        double halfEven = Double.NaN;
        double floor = Double.NaN;
        for (String[] c : rows) {
            assertEquals("8", c[1]);
            double top1 = Double.parseDouble(c[2]);
            double agree = Double.parseDouble(c[3]);
            assertTrue(top1 >= 0 && top1 <= 1 && agree >= 0 && agree <= 1, String.join(" ", c));
            double sqnr = Double.parseDouble(c[4]);
            assertTrue(sqnr > 5 && sqnr < 100, String.join(" ", c));
            halfEven = c[0].equals("half-even") ? sqnr : halfEven;
            floor = c[0].equals("floor") ? sqnr : floor;
        }
        // Rounding down biases every requantized value by half a step: a lower SQNR than rounding to nearest.
        assertTrue(floor < halfEven - 3, r.out());
        // gemmini rounds half-even already: its own run over the same 8 digits, without the script.
        ModelSource mnist = ModelSource.resolve(null, null, 1);
        EvaluationRecord e = ModelRuns.run(mnist, ModelRuns.compile(mnist, ChipPresets.get("gemmini"),
                new CompileSettings(8, CalibrationMethod.MINMAX)), mnist.samples().subList(0, 8), () -> { }).evaluation();
        assertEquals(String.format(Locale.ROOT, "%.2f", e.outputSqnrDb()), rows.get(0)[4], r.out());
        assertEquals(String.format(Locale.ROOT, "%.4f", (double) e.correct() / e.labelled()), rows.get(0)[2], r.out());
        assertTrue(r.out().contains("highest SQNR: "), r.out());
    }

    @Test
    void rtlRegression() {
        NpuCommandTest.Run r = npu("script", SCRIPTS.resolve("rtl-regression.py").toString(), "2", "3");
        assertEquals(0, r.exit(), r.out() + r.err());
        List<String[]> rows = table(r.out(), 4);
        assertEquals(List.of("ws", "os", "is"), rows.stream().map(c -> c[1]).toList(), r.out());
        for (String[] c : rows) {
            assertEquals("2", c[2], r.out());
            assertEquals("0", c[3], r.out());
        }
        assertEquals(3, rows.stream().map(c -> c[0]).distinct().count(), r.out());
        assertTrue(r.out().strip().endsWith("6 programs on 3 chips, 0 failed"), r.out());
        assertEquals(3, r.err().lines().filter(l -> l.startsWith("building the RTL of ")).count(), r.err());
    }
}
