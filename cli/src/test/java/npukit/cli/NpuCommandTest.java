package npukit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import npukit.arch.config.ChipConfigIO;
import npukit.arch.config.ChipPresets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The npu command as a user runs it: outputs, exit codes and error messages. */
class NpuCommandTest {

    record Run(int exit, String out, String err) {
    }

    static Run npu(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Npu.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "half-even, -2 -2 0 0 2 2",
        "half-away, -3 -2 -1 1 2 3",
        "half-up,   -2 -1 0 1 2 3",
        "half-down, -3 -2 -1 0 1 2",
        "half-zero, -2 -1 0 0 1 2",
        "floor,     -3 -2 -1 0 1 2",
        "trunc,     -2 -1 0 0 1 2",
        "ceil,      -2 -1 0 1 2 3"})
    void shiftPrintsTheDesignTableRow(String mode, String expected) {
        Run r = npu("quant", "shift", "--mode", mode, "--by", "1", "-5", "-3", "-1", "1", "3", "5");
        assertEquals(0, r.exit(), r.err());
        assertEquals(String.join("\n", expected.split(" ")) + "\n", r.out().replace("\r\n", "\n"));
    }

    @Test
    void unknownModeListsTheValidOnes() {
        Run r = npu("quant", "shift", "--mode", "nearest", "--by", "1", "3");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown rounding mode 'nearest'"), r.err());
        assertTrue(r.err().contains("half-even, half-away, half-up, half-down, half-zero, floor, ceil, trunc"), r.err());
    }

    @Test
    void shiftOutOfRangeIsRejected() {
        Run r = npu("quant", "shift", "--mode", "floor", "--by", "63", "3");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--by 63"), r.err());
    }

    @Test
    void chipsListsEveryPreset() {
        Run r = npu("chips", "--csv");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\r?\n");
        assertEquals(ChipPresets.all().size() + 1, lines.length);
        for (String name : ChipPresets.names()) {
            assertTrue(Stream.of(lines).anyMatch(l -> l.startsWith(name + ",")), name);
        }
        assertTrue(r.out().contains("nnie,16x16,ws,linear,16/32,256,64,1ch x 8B,4.8,600,logarithmic,half-even,-,per-tensor"),
                r.out());
    }

    @Test
    void chipShowRoundTripsAPreset(@TempDir Path dir) throws IOException {
        Run r = npu("chip", "show", "gemmini");
        assertEquals(0, r.exit(), r.err());
        Path file = dir.resolve("gemmini.yaml");
        Files.writeString(file, r.out());
        assertEquals(ChipPresets.gemmini(), ChipConfigIO.read(file));
    }

    @Test
    void chipShowImportsScaleSimAndSaysWhatItAssumed() {
        Path cfg = Path.of("..", "workloads", "scalesim", "configs", "eyeriss.cfg");
        Run r = npu("chip", "show", cfg.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("# imported from SCALE-Sim"), r.out());
        assertTrue(r.out().contains("rows: 12") && r.out().contains("cols: 14"), r.out());
    }

    @Test
    void badConfigFileNamesFileFieldAndValue(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, ChipConfigIO.toYaml(ChipPresets.gemmini()).replace("rows: 16", "rows: 0"));
        Run r = npu("chip", "show", file.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("bad.yaml: array.rows = 0: must be between 1 and 1024"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void unknownPresetListsThePresets() {
        Run r = npu("chip", "show", "tpu-v9");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown chip 'tpu-v9'") && r.err().contains("gemmini"), r.err());
    }

    @Test
    void compareOnACsvColumn(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "x,w\n1,0.5\n2,-0.25\n3,0.125\n4,1.0\n");
        Run r = npu("quant", "compare", "--chips", "gemmini,nnie,vta", csv.toString(), "--column", "w", "--csv");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\r?\n");
        assertEquals(4, lines.length, r.out());
        assertTrue(lines[0].startsWith("chip,scheme,rounding"), lines[0]);
        // Every value is a power of two, which power-of-two and log codes represent exactly.
        assertTrue(lines[3].startsWith("vta,power-of-two,floor,8,per-tensor,0.0000e+00,Infinity"), lines[3]);
    }

    @Test
    void compareDefaultsToTheMnistWeights() {
        Run r = npu("quant", "compare", "--chips", "edge-cmsis");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("cnn_mnist") || r.out().contains("MNIST CNN"), r.out());
        assertTrue(r.out().contains("per-channel(50)"), r.out());
    }

    @Test
    void compareRejectsANonNumberWithItsLine(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "w\n0.5\nabc\n");
        Run r = npu("quant", "compare", "--chips", "gemmini", csv.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("t.csv:3: w = 'abc': not a finite number"), r.err());
    }

    @Test
    void rtlQuantWritesStampedVerilog(@TempDir Path dir) throws IOException {
        Run r = npu("rtl", "quant", "--chip", "edge-cmsis", "-o", dir.toString());
        assertEquals(0, r.exit(), r.err());
        String sv = Files.readString(dir.resolve("NpuQuantUnit.sv"));
        assertTrue(sv.startsWith("// npukit config " + ChipPresets.edgeCmsis().hash()), sv.substring(0, 80));
        assertTrue(sv.contains("module NpuQuantUnit("), "module header");
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left behind");
        }
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        for (String[] cmd : new String[][] {{"chips"}, {"chip", "show"}, {"quant", "shift"}, {"quant", "compare"},
                {"rtl", "quant"}, {"rtl", "gen"}, {"asm"}, {"disasm"}, {"sim"}, {"verify"}, {"regress"}, {"bench"}}) {
            String[] args = Stream.concat(Stream.of(cmd), Stream.of("--help")).toArray(String[]::new);
            Run r = npu(args);
            assertEquals(0, r.exit(), String.join(" ", cmd));
            assertTrue(r.out().contains("Example"), String.join(" ", cmd) + ":\n" + r.out());
        }
    }
}
